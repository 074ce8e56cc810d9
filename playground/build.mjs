// Browser bundles and the playground, built with esbuild for `platform: neutral`
// (which refuses any Node import). Used by scripts/build.mjs and by the browser
// and QuickJS tests, which build in memory with the same options.
import { build } from 'esbuild'
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

const common = { bundle: true, platform: 'neutral', target: 'es2022', minify: true, logLevel: 'warning' }

/** The minified bundles: ESM for pages and bundlers, IIFE (a global) for script hosts such as QuickJS. */
export const browserBundles = [
  { name: 'redlet.min.js', entry: 'adapters/inprocess/index.ts', format: 'esm' },
  { name: 'redlet-ioredis.min.js', entry: 'adapters/inprocess/ioredis/index.ts', format: 'esm' },
  { name: 'redlet.global.js', entry: 'adapters/inprocess/index.ts', format: 'iife', globalName: 'redlet' },
  { name: 'redlet-ioredis.global.js', entry: 'adapters/inprocess/ioredis/index.ts', format: 'iife', globalName: 'redletIoredis' },
]

/** Builds one bundle by name; with `write: false` returns its text. */
export async function buildBundle(root, name, write = true) {
  const b = browserBundles.find((x) => x.name === name)
  if (!b) throw new Error(`no bundle ${name}`)
  const outfile = join(root, 'dist', 'browser', b.name)
  const r = await build({
    ...common,
    entryPoints: [join(root, b.entry)],
    format: b.format,
    ...(b.globalName ? { globalName: b.globalName } : {}),
    outfile,
    write,
    metafile: true,
  })
  return { outfile, text: write ? null : r.outputFiles[0].text, metafile: r.metafile }
}

export async function buildBrowser(root) {
  await Promise.all(browserBundles.map((b) => buildBundle(root, b.name)))
}

/** dist/playground: index.html and its script. */
export async function buildPlayground(root, write = true) {
  const out = join(root, 'dist', 'playground')
  const r = await build({ ...common, entryPoints: [join(root, 'playground', 'main.ts')], format: 'esm', outfile: join(out, 'main.js'), write })
  if (write) {
    mkdirSync(dirname(join(out, 'index.html')), { recursive: true })
    copyFileSync(join(root, 'playground', 'index.html'), join(out, 'index.html'))
  }
  return write ? null : r.outputFiles[0].text
}
