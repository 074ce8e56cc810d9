// A Miniflare in its own process (see harness.ts startChildWorker): prints "READY <url>", runs until killed.
import { readFileSync } from 'node:fs'
import { Miniflare } from 'miniflare'

const options = JSON.parse(readFileSync(process.env.REDLET_CHILD_OPTIONS ?? '', 'utf8'))
const mf = new Miniflare(options)
const url = (await mf.ready).href.replace(/\/$/, '')
process.stdout.write(`READY ${url}\n`)
process.on('SIGTERM', () => mf.dispose().then(() => process.exit(0)))
