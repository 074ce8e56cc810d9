/**
 * The playground page in Chromium: commands typed into the console, replies
 * printed as redis-cli prints them, history on the arrow keys, the keyspace
 * view with TTLs counting down, and a screenshot that is not blank.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { requireChromium, serve, type Served } from './harness.js'
import { decodePng } from './png.js'

const enabled = requireChromium()
let served: Served
let page: Page
const shots = mkdtempSync(join(tmpdir(), 'redlet-playground-'))

/** Types a command and returns what the console printed for it. */
async function type(line: string): Promise<string> {
  const before = (await page.locator('#output').textContent()) ?? ''
  await page.locator('#input').fill(line)
  await page.locator('#input').press('Enter')
  const after = (await page.locator('#output').textContent()) ?? ''
  return after.slice(before.length).replace(`redlet> ${line}\n`, '').replace(/\n$/, '')
}

describe.skipIf(!enabled)('playground', () => {
  beforeAll(async () => {
    served = await serve()
    page = await served.page('/playground/index.html')
    await page.waitForSelector('#input')
  }, 120000)

  afterAll(async () => {
    await served?.close()
    rmSync(shots, { recursive: true, force: true })
  })

  test('replies print as redis-cli prints them', async () => {
    expect(await type('SET greeting "hello world" EX 30')).toBe('OK')
    expect(await type('GET greeting')).toBe('"hello world"')
    expect(await type('INCR visits')).toBe('(integer) 1')
    expect(await type('GET nothing')).toBe('(nil)')
    expect(await type('RPUSH list a b "c d"')).toBe('(integer) 3')
    expect(await type('LRANGE list 0 -1')).toBe('1) "a"\n2) "b"\n3) "c d"')
    expect(await type('LRANGE none 0 -1')).toBe('(empty array)')
    expect(await type('HSET user name ada')).toBe('(integer) 1')
    expect(await type('SET bin "\\x00\\xff\\n"')).toBe('OK')
    expect(await type('GET bin')).toBe('"\\x00\\xff\\n"')
    expect(await type('ZADD z 1 a 2 b')).toBe('(integer) 2')
    expect(await type('ZRANGE z 0 -1 WITHSCORES')).toBe('1) "a"\n2) "1"\n3) "b"\n4) "2"')
    expect(await type('SET k')).toBe("(error) ERR wrong number of arguments for 'set' command")
    expect(await type('NOSUCH x')).toBe("(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' ")
    expect(await type('SET "unbalanced')).toBe('Invalid argument(s)')
    expect(await type('HELLO 3')).toContain('1# "server" => "redis"')
    expect(await type('ZSCORE z a')).toBe('(double) 1')
    expect(await type('HGETALL user')).toBe('1# "name" => "ada"')
    expect(await type('HELLO 2')).toContain('1) "server"')
  })

  test('arrow keys walk the command history', async () => {
    await type('ECHO first')
    await type('ECHO second')
    const input = page.locator('#input')
    await input.press('ArrowUp')
    expect(await input.inputValue()).toBe('ECHO second')
    await input.press('ArrowUp')
    expect(await input.inputValue()).toBe('ECHO first')
    await input.press('ArrowDown')
    expect(await input.inputValue()).toBe('ECHO second')
    await input.press('ArrowDown')
    expect(await input.inputValue()).toBe('')
  })

  test('the keyspace view lists keys with their types and TTLs counting down', async () => {
    const row = (key: string) => page.locator(`#keys tr[data-key="${key}"] td`)
    expect(await row('greeting').allTextContents()).toEqual(['greeting', 'string', expect.stringMatching(/^\d+\.\ds$/)])
    const shown = parseFloat((await row('greeting').nth(2).textContent()) ?? '0')
    expect(shown).toBeGreaterThan(10)
    expect(shown).toBeLessThanOrEqual(30)
    expect(await row('list').allTextContents()).toEqual(['list', 'list', '-'])
    expect(await row('user').allTextContents()).toEqual(['user', 'hash', '-'])
    expect(await row('z').allTextContents()).toEqual(['z', 'zset', '-'])
    const first = parseFloat((await row('greeting').nth(2).textContent()) ?? '0')
    await page.waitForTimeout(1200)
    const later = parseFloat((await row('greeting').nth(2).textContent()) ?? '0')
    expect(first - later).toBeGreaterThanOrEqual(1)
    await type('DEL greeting')
    expect(await row('greeting').count()).toBe(0)
  })

  test('a screenshot shows the page (not blank)', async () => {
    const png = await page.screenshot({ fullPage: true })
    const file = join(shots, 'playground.png')
    writeFileSync(file, png)
    const img = decodePng(png)
    expect(img.width).toBeGreaterThan(300)
    const colors = new Set<number>()
    let differing = 0
    const p = img.pixels
    for (let i = 0; i < p.length; i += 4) {
      const c = ((p[i] as number) << 16) | ((p[i + 1] as number) << 8) | (p[i + 2] as number)
      colors.add(c)
      if (c !== (((p[0] as number) << 16) | ((p[1] as number) << 8) | (p[2] as number))) differing++
    }
    expect(colors.size).toBeGreaterThan(20)
    expect(differing / (img.width * img.height)).toBeGreaterThan(0.01)
  })
})
