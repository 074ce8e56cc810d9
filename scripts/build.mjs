#!/usr/bin/env node
// Bundles every entry point with esbuild. The portable entries are built for
// `platform: neutral`, which also refuses any Node import that slipped in.
import { build } from 'esbuild'
import { existsSync } from 'node:fs'

const portable = [
  ['src/index.ts', 'dist/index.js'],
  ['src/resp/index.ts', 'dist/resp.js'],
  ['adapters/inprocess/index.ts', 'dist/inprocess.js'],
  ['adapters/inprocess/ioredis/index.ts', 'dist/ioredis.js'],
]
const node = [
  ['adapters/node-tcp/index.ts', 'dist/node.js'],
  ['adapters/bridge/index.ts', 'dist/bridge.js'],
]

const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, logLevel: 'warning' }
const jobs = []
for (const [entry, outfile] of portable) {
  if (existsSync(entry)) jobs.push(build({ ...common, entryPoints: [entry], outfile, platform: 'neutral' }))
}
for (const [entry, outfile] of node) {
  if (existsSync(entry)) jobs.push(build({ ...common, entryPoints: [entry], outfile, platform: 'node', packages: 'external' }))
}
// the Lua host bundles fengari, whose Node-only branches (files, console) hide behind `typeof process`
const lua = { platform: 'neutral', mainFields: ['module', 'main'], define: { 'process.env.FENGARICONF': 'undefined', process: 'undefined' }, external: ['fs', 'os', 'path', 'child_process', 'tmp', 'readline-sync'] }
if (existsSync('adapters/lua/index.ts')) jobs.push(build({ ...common, ...lua, entryPoints: ['adapters/lua/index.ts'], outfile: 'dist/lua.js' }))
// the Worker and its Durable Object (wrangler.toml's main), Lua included
if (existsSync('adapters/workers/index.ts')) jobs.push(build({ ...common, ...lua, external: [...lua.external, 'cloudflare:workers'], entryPoints: ['adapters/workers/index.ts'], outfile: 'dist/workers.js' }))
// minified browser bundles (ESM and a global for script hosts) and the playground
if (existsSync('playground/build.mjs')) {
  const { buildBrowser, buildPlayground } = await import('../playground/build.mjs')
  jobs.push(buildBrowser(process.cwd()), buildPlayground(process.cwd()))
}
await Promise.all(jobs)
