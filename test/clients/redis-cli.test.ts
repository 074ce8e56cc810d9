/** The real redis-cli, one-shot and interactive (on a pseudo-terminal), against redlet and redis-server. */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'

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

/**
 * Runs a program to completion without blocking this process's event loop: the
 * redlet server under test lives in this process and must keep answering.
 */
function run(cmd: string, args: string[], input: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('latin1').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('latin1').on('data', (d: string) => (stderr += d))
    child.once('error', reject)
    child.once('close', () => resolve({ stdout, stderr }))
    child.stdin.end(input ?? '', 'latin1')
  })
}

async function cli(port: number, args: string[], input?: string): Promise<string> {
  const r = await run('redis-cli', ['-p', String(port), ...args], input)
  return (r.stdout + r.stderr).replaceAll(String(port), 'PORT')
}

async function interactive(port: number, lines: string[]): Promise<string> {
  const r = await run('python3', [PTY, 'redis-cli', '-p', String(port)], lines.join('\n') + '\n', { ...process.env, TERM: 'dumb' })
  return r.stdout.replaceAll(String(port), 'PORT')
}

describeDiff('redis-cli', () => {
  const servers = useServerPair()

  test('one-shot commands', async () => {
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
      ['-3', 'GET', 'k'],
    ]
    for (const args of script) expect(await cli(servers.redlet.port, args), args.join(' ')).toBe(await cli(servers.oracle.port, args))
    // binary values go through standard input (-x): arguments cannot hold NUL bytes
    for (const [args, input] of [
      [['-x', 'SET', 'bin'], '\x00\xff\r\n'],
      [['GET', 'bin'], undefined],
      [['--raw', 'GET', 'bin'], undefined],
    ] as const) {
      expect(await cli(servers.redlet.port, [...args], input), args.join(' ')).toBe(await cli(servers.oracle.port, [...args], input))
    }
  })

  test('commands from standard input', async () => {
    const input = 'SET a 1\nINCRBY a 41\nGET a\nSTRLEN a\n'
    expect(await cli(servers.redlet.port, [], input)).toBe(await cli(servers.oracle.port, [], input))
  })

  test('interactive session', async () => {
    const lines = ['set greeting "hello world"', 'get greeting', 'incr greeting', 'append greeting !', 'getrange greeting 0 4', 'select 2', 'dbsize', 'foo bar']
    expect(await interactive(servers.redlet.port, lines)).toBe(await interactive(servers.oracle.port, lines))
  }, 30000)
})
