/**
 * The redigo pipelining examples (../shared/seeds/000_*.txt) run unchanged against
 * redlet and redis-server (no password, as the examples connect without one).
 * The first example's third Receive blocks by design: it must still be blocked
 * after a second.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'
import { codeBlocks } from './seeds.js'

const FILE = '000_bc1f8a4fb800f4c6.txt'
const blocks = codeBlocks(FILE, 'go')
const dir = mkdtempSync(join(tmpdir(), 'redlet-go-'))
const GOENV = { GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'cache'), GOFLAGS: '' }
const hasGo = spawnSync('go', ['version']).status === 0

/** Wraps an example's `func main` in a package with its imports: the example itself is untouched. */
function program(body: string, port: number): string {
  const code = body.replace(/localhost:6379/g, `127.0.0.1:${port}`)
  return `package main\n\nimport (\n\t"fmt"\n\n\t"github.com/gomodule/redigo/redis"\n)\n\nvar _ = fmt.Println\n\n${code}\n`
}

function build(name: string, source: string): string {
  const src = join(dir, `${name}.go`)
  const bin = join(dir, name)
  writeFileSync(src, source)
  const r = spawnSync('go', ['build', '-o', bin, src], { env: { ...process.env, ...GOENV }, encoding: 'utf8', cwd: dir })
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}`)
  return bin
}

/** Runs a binary; when `blockAfterMs` is set it must still be running then, and is killed. */
function runBinary(bin: string, blockAfterMs = 0): Promise<{ stdout: string; stillRunning: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(bin, [], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let exited = false
    child.stdout.on('data', (d) => (stdout += d))
    child.on('exit', () => {
      exited = true
      if (!blockAfterMs) resolve({ stdout, stillRunning: false })
    })
    if (blockAfterMs) {
      setTimeout(() => {
        const running = !exited
        child.kill('SIGKILL')
        resolve({ stdout, stillRunning: running })
      }, blockAfterMs)
    }
  })
}

describeDiff.skipIf(!hasGo)('redigo seed examples', () => {
  const servers = useServerPair()

  test('there are three examples', () => {
    expect(blocks.length).toBe(3)
  })

  blocks.forEach((body, i) => {
    test(`example ${i + 1}`, async () => {
      const blocking = i === 0
      const a = await runBinary(build(`oracle${i}`, program(body, servers.oracle.port)), blocking ? 1000 : 0)
      const b = await runBinary(build(`redlet${i}`, program(body, servers.redlet.port)), blocking ? 1000 : 0)
      expect(b.stdout).toBe(a.stdout)
      if (blocking) {
        expect(a.stillRunning).toBe(true)
        expect(b.stillRunning).toBe(true)
        expect(b.stdout).toBe('val:OK,err:<nil>\nval:OK,err:<nil>\n')
      }
    }, 120000)
  })
})
