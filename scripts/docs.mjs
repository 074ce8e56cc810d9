#!/usr/bin/env node
// Rewrites the command-compatibility table in README.md from the command table.
//   node scripts/docs.mjs          rewrite README.md
//   node scripts/docs.mjs --check  exit 1 when README.md is stale
import { readFileSync, writeFileSync } from 'node:fs'
import { renderCommandTable } from './docs-table.mjs'

const START = '<!-- commands:start -->'
const END = '<!-- commands:end -->'
const path = new URL('../README.md', import.meta.url)
const readme = readFileSync(path, 'utf8')
const a = readme.indexOf(START)
const b = readme.indexOf(END)
if (a < 0 || b < a) {
  console.error('README.md has no command table markers')
  process.exit(1)
}
const next = readme.slice(0, a + START.length) + '\n' + (await renderCommandTable()) + readme.slice(b)
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md command table is stale: run `npm run docs`')
    process.exit(1)
  }
} else writeFileSync(path, next)
