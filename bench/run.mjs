#!/usr/bin/env node
// Runs the benchmarks (all, or those named): each prints its table with ratios
// against a reference measured in the same run.
//   npm run bench                 every section
//   npm run bench -- tcp memory   some of them
import { execFileSync } from 'node:child_process'
import { ROOT } from './lib.mjs'

const sections = {
  tcp: () => import('./tcp.mjs'),
  inprocess: () => import('./inprocess.mjs'),
  memory: () => import('./memory.mjs'),
  persistence: () => import('./persistence.mjs'),
  types: () => import('./types.mjs'),
  'scripts-streams': () => import('./scripts-streams.mjs'),
  'ioredis-mock': () => import('./ioredis-mock.mjs'),
  workers: () => import('./workers.mjs'),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(sections)
for (const n of names) if (!sections[n]) throw new Error(`unknown section ${n}; known: ${Object.keys(sections).join(', ')}`)

execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
console.log(`redlet benchmarks on ${process.platform}/${process.arch}, node ${process.version}; the machine is shared: compare ratios, not absolutes`)
for (const n of names) {
  const mod = await sections[n]()
  await mod.run()
}
