/** The real redis-cli, one-shot and interactive (on a pseudo-terminal), against redlet and redis-server. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import type { RunningServer } from '../../adapters/node-tcp/index.js'
import { describeDiff } from '../helpers/differential.js'
import { RespClient } from '../helpers/resp-client.js'
import { startOracle, startRedlet, type Oracle } from '../helpers/servers.js'

const dir = mkdtempSync(join(tmpdir(), 'redlet-cli-'))
const PTY = join(dir, 'ptyrun.py')
writeFileSync(
  PTY,
  `import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b''
def drain(t):
    global out
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                out += os.read(fd, 65536)
            except OSError:
                return
for line in sys.stdin.read().splitlines():
    drain(0.15)
    os.write(fd, line.encode() + b'\\r')
drain(0.4)
try:
    os.kill(pid, 9)
except OSError:
    pass
sys.stdout.write(out.decode('latin1'))
`,
)

function cli(port: number, args: string[], input?: string): string {
  const r = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'latin1', input })
  return (r.stdout + r.stderr).replaceAll(String(port), 'PORT')
}

function interactive(port: number, lines: string[]): string {
  const r = spawnSync('python3', [PTY, 'redis-cli', '-p', String(port)], { encoding: 'latin1', input: lines.join('\n') + '\n', env: { ...process.env, TERM: 'dumb' } })
  return r.stdout.replaceAll(String(port), 'PORT')
}

describeDiff('redis-cli', () => {
  let oracle: Oracle
  let server: RunningServer
  beforeAll(async () => {
    ;[oracle, server] = await Promise.all([startOracle(), startRedlet()])
  }, 30000)
  afterAll(async () => {
    await Promise.all([oracle?.stop(), server?.close()])
  })
  beforeEach(async () => {
    for (const port of [oracle.port, server.port]) {
      const c = await RespClient.connect(port)
      await c.call('FLUSHALL')
      c.close()
    }
  })

  test('one-shot commands', () => {
    const script: string[][] = [
      ['SET', 'k', 'hello world'],
      ['GET', 'k'],
      ['--raw', 'GET', 'k'],
      ['INCR', 'n'],
      ['INCR', 'k'],
      ['MSET', 'a', '1', 'b', '2'],
      ['MGET', 'a', 'b', 'c'],
      ['DEL', 'a', 'b'],
      ['-n', '3', 'SET', 'x', 'y'],
      ['-n', '3', 'DBSIZE'],
      ['PING'],
      ['NOSUCH'],
      ['SET', 'bin', '\x00\xff'],
      ['GET', 'bin'],
      ['-3', 'GET', 'k'],
    ]
    for (const args of script) expect(cli(server.port, args), args.join(' ')).toBe(cli(oracle.port, args))
  })

  test('commands from standard input', () => {
    const input = 'SET a 1\nINCRBY a 41\nGET a\nSTRLEN a\n'
    expect(cli(server.port, [], input)).toBe(cli(oracle.port, [], input))
  })

  test('interactive session', () => {
    const lines = ['set greeting "hello world"', 'get greeting', 'incr greeting', 'append greeting !', 'getrange greeting 0 4', 'select 2', 'dbsize', 'foo bar']
    expect(interactive(server.port, lines)).toBe(interactive(oracle.port, lines))
  }, 30000)
})
