/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core) on pages
 * served from a local HTTP server on an ephemeral loopback port. The bundles
 * are built in memory with the same options as `npm run build`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { buildBundle, buildPlayground } from '../../playground/build.mjs'

export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium'
export const ROOT = join(import.meta.dirname, '..', '..')
export const hasChromium = existsSync(CHROMIUM)

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']

/** Loud when Chromium is missing; fatal under REQUIRE_BROWSER=1. */
export function requireChromium(): boolean {
  if (hasChromium) return true
  const msg = `chromium not found at ${CHROMIUM}: browser tests are SKIPPED (apt-get install -y chromium)`
  if (process.env['REQUIRE_BROWSER'] === '1') throw new Error(msg)
  console.warn(`\n\n*** ${msg} ***\n\n`)
  return false
}

export interface Served {
  readonly base: string
  readonly browser: Browser
  page(path?: string): Promise<Page>
  close(): Promise<void>
}

// the bundles as globals of the test page: code passed to page.evaluate cannot use import() (vitest rewrites it)
const TEST_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>redlet test</title>
<script type="module">
import * as redlet from '/redlet.min.js'
import * as ioredis from '/redlet-ioredis.min.js'
Object.assign(window, { redlet, ioredis, bundlesLoaded: true })
</script></head><body>redlet</body></html>`

/** Builds the bundles and the playground, serves them, and launches Chromium. */
export async function serve(): Promise<Served> {
  const files = new Map<string, [string, string]>()
  for (const name of ['redlet.min.js', 'redlet-ioredis.min.js']) {
    const { text } = await buildBundle(ROOT, name, false)
    files.set(`/${name}`, ['text/javascript', text ?? ''])
  }
  files.set('/playground/main.js', ['text/javascript', (await buildPlayground(ROOT, false)) as string])
  files.set('/playground/index.html', ['text/html', readFileSync(join(ROOT, 'playground', 'index.html'), 'utf8')])
  files.set('/', ['text/html', TEST_PAGE])
  const server: Server = createServer((req, res) => {
    const f = files.get((req.url ?? '/').split('?')[0] as string)
    if (f === undefined) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': `${f[0]}; charset=utf-8`, 'cache-control': 'no-store' }).end(f[1])
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
  return {
    base,
    browser,
    async page(path = '/') {
      const page = await browser.newPage()
      page.on('pageerror', (e) => console.error('page error:', e))
      await page.goto(base + path)
      if (path === '/') await page.waitForFunction(() => (window as unknown as { bundlesLoaded?: boolean }).bundlesLoaded === true)
      return page
    },
    async close() {
      await browser.close()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
