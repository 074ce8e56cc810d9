#!/usr/bin/env node
import { main } from '../dist/node.js'

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`)
  process.exit(1)
})
