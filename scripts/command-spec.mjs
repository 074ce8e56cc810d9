#!/usr/bin/env node
// Prints the metadata part of command records (arity, flags, ACL categories,
// key specs, tips, group, since) as redis-server reports them, in the notation of
// src/commands/define.ts. A drafting aid for new commands: the differential
// suite then checks COMMAND INFO against the same server.
//   node scripts/command-spec.mjs <port> get set config
import { execFileSync } from 'node:child_process'

const [port, ...names] = process.argv.slice(2)
const cli = (...args) => JSON.parse(execFileSync('redis-cli', ['-p', port, '-3', '--json', ...args]).toString())
const IMPLIED = { write: 'write', readonly: 'read', admin: 'admin', pubsub: 'pubsub', fast: 'fast', blocking: 'blocking' }

function keySpec(k) {
  const b = k.begin_search
  const f = k.find_keys
  const begin = b.type === 'index' ? `{ index: ${b.spec.index} }` : b.type === 'keyword' ? `{ keyword: '${b.spec.keyword}', startfrom: ${b.spec.startfrom} }` : '{ unknown: true }'
  const find =
    f.type === 'range'
      ? `{ range: [${f.spec.lastkey}, ${f.spec.keystep}, ${f.spec.limit}] }`
      : f.type === 'keynum'
        ? `{ keynum: [${f.spec.keynumidx}, ${f.spec.firstkey}, ${f.spec.keystep}] }`
        : '{ unknown: true }'
  const notes = k.notes ? `, notes: ${JSON.stringify(k.notes)}` : ''
  return `{ flags: [${k.flags.map((x) => `'${x}'`).join(', ')}], begin: ${begin}, find: ${find}${notes} }`
}

function record(info, docs, indent = '  ') {
  const [name, arity, flags, , , , cats, tips, specs, subs] = info
  const short = name.includes('|') ? name.split('|')[1] : name
  const implied = new Set(flags.map((f) => IMPLIED[f]).filter(Boolean))
  if (flags.includes('admin')) implied.add('dangerous')
  const extra = cats.map((c) => c.slice(1)).filter((c) => !implied.has(c) && c !== 'slow')
  const d = docs ?? {}
  const lines = [
    `name: '${short}',`,
    `group: '${d.group ?? ''}',`,
    `since: '${d.since ?? ''}',`,
    `summary: '', // write our own one-line summary`,
    `arity: ${arity},`,
    `flags: [${flags.filter((f) => f !== 'movablekeys').map((f) => `'${f}'`).join(', ')}],`,
    extra.length ? `acl: [${extra.map((c) => `'${c}'`).join(', ')}],` : null,
    specs.length ? `keySpecs: [${specs.map(keySpec).join(', ')}],` : null,
    tips.length ? `tips: [${tips.map((t) => `'${t}'`).join(', ')}],` : null,
  ].filter(Boolean)
  let out = lines.map((l) => indent + l).join('\n')
  if (subs && subs.length) {
    out += `\n${indent}subcommands: [\n`
    for (const s of subs) out += `${indent}  {\n${record(s, d.subcommands?.[s[0]], indent + '    ')}\n${indent}  },\n`
    out += `${indent}],`
  }
  return out
}

for (const n of names) {
  const [info] = cli('command', 'info', n)
  const docs = cli('command', 'docs', n)
  if (!info) {
    console.log(`// ${n}: unknown to this server`)
    continue
  }
  console.log(`{\n${record(info, docs[info[0]])}\n},`)
}
