/**
 * The node-tcp adapter from a client's side: the `redlet-server` CLI, limits,
 * idle timeouts, pipelining, shutdown, and the real redis-cli and redis-benchmark.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseArgs, startServer, type RunningServer } from '../../adapters/node-tcp/index.js'
import { RespClient } from '../helpers/resp-client.js'
import { freePort } from '../helpers/servers.js'

const root = join(import.meta.dirname, '..', '..')
// inside node_modules, so that the bundle finds the packages it leaves external
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true })
const work = mkdtempSync(join(root, 'node_modules', '.cache', 'redlet-node-tcp-'))
const hasTool = (name: string): boolean => spawnSync(name, ['--version']).status === 0

/** bin/redlet-server.js next to a fresh bundle of the node adapter, as `npm run build` lays them out. */
const BIN = join(work, 'bin', 'redlet-server.js')

beforeAll(async () => {
  mkdirSync(join(work, 'bin'), { recursive: true })
  copyFileSync(join(root, 'bin', 'redlet-server.js'), BIN)
  await build({
    entryPoints: [join(root, 'adapters', 'node-tcp', 'index.ts')],
    outfile: join(work, 'dist', 'node.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  })
}, 60000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Cli {
  child: ChildProcess
  port: number
  output(): string
  exited: Promise<number | null>
}

/** Starts `redlet-server` with arguments; resolves once it accepts connections. */
async function startCli(args: string[], port: number): Promise<Cli> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 10000
  while (!out.includes('Ready to accept connections')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redlet-server did not start: ${out}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return { child, port, output: () => out, exited }
}

/** Runs a tool without blocking this process (the server under test lives in it). */
function run(cmd: string, args: string[], input?: string): Promise<{ stdout: string; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.once('exit', (status) => resolve({ stdout, status }))
    child.stdin.end(input ?? '')
  })
}

function stop(cli: Cli): Promise<number | null> {
  if (cli.child.exitCode === null) cli.child.kill('SIGTERM')
  return cli.exited
}

describe('redlet-server CLI', () => {
  test('redis-server style flags', async () => {
    const port = await freePort()
    const cli = await startCli(['--port', String(port), '--requirepass', 'pw', '--maxclients', '50', '--databases', '4', '--timeout', '300', '--hz', '20'], port)
    try {
      expect(cli.output()).toMatch(new RegExp(`redlet \\S+ \\(Redis 7\\.0\\.15 compatible\\) listening on 127\\.0\\.0\\.1:${port}, pid ${cli.child.pid}`))
      const c = await RespClient.connect(port)
      expect(await c.cmd('PING')).toBe('-NOAUTH Authentication required.\r\n')
      expect(await c.cmd('AUTH', 'pw')).toBe('+OK\r\n')
      expect(await c.cmd('CONFIG', 'GET', 'maxclients')).toBe('*2\r\n$10\r\nmaxclients\r\n$2\r\n50\r\n')
      expect(await c.cmd('CONFIG', 'GET', 'databases')).toBe('*2\r\n$9\r\ndatabases\r\n$1\r\n4\r\n')
      expect(await c.cmd('CONFIG', 'GET', 'timeout')).toBe('*2\r\n$7\r\ntimeout\r\n$3\r\n300\r\n')
      expect(await c.cmd('SELECT', '4')).toBe('-ERR DB index is out of range\r\n')
      const info = await c.cmd('INFO', 'server')
      expect(info).toContain(`process_id:${cli.child.pid}\r\n`)
      expect(info).toContain(`tcp_port:${port}\r\n`)
      expect(info).toContain('hz:20\r\n')
      c.close()
    } finally {
      expect(await stop(cli)).toBe(0)
    }
  })

  test('a redis.conf file, then flags that override it', async () => {
    const port = await freePort()
    const conf = join(work, 'redis.conf')
    const pidfile = join(work, 'redlet.pid')
    writeFileSync(
      conf,
      `# a comment\nport ${port}\nbind 127.0.0.1\nrequirepass "from file"\nmaxmemory 10mb\nsave 900 1\nsave 300 10\npidfile ${pidfile}\ndir ${work}\nhash-max-ziplist-entries 64\nsome-unknown-directive yes\n`,
    )
    const cli = await startCli([conf, '--maxmemory', '20mb'], port)
    try {
      expect(cli.output()).toContain("Ignoring unsupported config directive 'some-unknown-directive'")
      expect(readFileSync(pidfile, 'utf8')).toBe(`${cli.child.pid}\n`)
      const c = await RespClient.connect(port)
      expect(await c.cmd('AUTH', 'from file')).toBe('+OK\r\n')
      expect(await c.cmd('CONFIG', 'GET', 'maxmemory')).toBe('*2\r\n$9\r\nmaxmemory\r\n$8\r\n20971520\r\n')
      expect(await c.cmd('CONFIG', 'GET', 'save')).toBe('*2\r\n$4\r\nsave\r\n$12\r\n900 1 300 10\r\n')
      expect(await c.cmd('CONFIG', 'GET', 'hash-max-listpack-entries')).toBe('*2\r\n$25\r\nhash-max-listpack-entries\r\n$2\r\n64\r\n')
      expect(await c.cmd('INFO', 'server')).toContain(`config_file:${conf}\r\n`)
      expect(await c.cmd('CONFIG', 'SET', 'maxmemory', '30mb', 'timeout', '60')).toBe('+OK\r\n')
      expect(await c.cmd('CONFIG', 'REWRITE')).toBe('+OK\r\n')
      const rewritten = readFileSync(conf, 'latin1')
      expect(rewritten).toContain('# a comment\n')
      expect(rewritten).toContain('\nmaxmemory 30mb\n')
      expect(rewritten).toContain('\nsome-unknown-directive yes\n')
      expect(rewritten).toContain('# Generated by CONFIG REWRITE\n')
      expect(rewritten).toContain('\ntimeout 60\n')
      c.close()
    } finally {
      expect(await stop(cli)).toBe(0)
    }
    expect(existsSync(pidfile)).toBe(false)
  })

  test('an invalid setting stops the start with a config error', () => {
    const r = spawnSync(process.execPath, [BIN, '--port', '0', '--maxclients', 'lots'], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("FATAL CONFIG ERROR")
    expect(r.stderr).toContain("argument couldn't be parsed into an integer")
  })

  test('defaults: 127.0.0.1, port 6379', () => {
    expect(parseArgs([])).toEqual({ settings: [], unknown: [], configFile: null })
    expect(parseArgs(['--port', '7000', '--save', '', '--bind', '127.0.0.1', '::1']).settings).toEqual([
      ['port', '7000'],
      ['save', ''],
      ['bind', '127.0.0.1 ::1'],
    ])
  })

  test('SIGINT shuts down cleanly, closing clients', async () => {
    const port = await freePort()
    const cli = await startCli(['--port', String(port)], port)
    const c = await RespClient.connect(port)
    expect(await c.cmd('PING')).toBe('+PONG\r\n')
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    expect(await c.waitClosed()).toBe(true)
    expect(cli.output()).toContain('Received SIGINT, shutting down')
  })

  test('--version and --help', () => {
    expect(spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).stdout).toMatch(/^redlet-server v=\S+ \(Redis 7\.0\.15 compatible\)\n$/)
    expect(spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout).toContain('Usage: redlet-server')
  })
})

describe('startServer', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ port: 0 })
  })
  afterAll(() => server.close())

  test('listens on 127.0.0.1 and a free port, and reports it', async () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.port).toBeGreaterThan(0)
    const c = await RespClient.connect(server.port)
    expect(await c.cmd('CONFIG', 'GET', 'port')).toBe(`*2\r\n$4\r\nport\r\n$${String(server.port).length}\r\n${server.port}\r\n`)
    c.close()
  })

  test('pipelined replies come back in order, written in batches', async () => {
    const c = await RespClient.connect(server.port)
    await c.call('CONFIG', 'RESETSTAT')
    let batch = ''
    for (let i = 0; i < 2000; i++) batch += `*2\r\n$4\r\nECHO\r\n$${String(i).length}\r\n${i}\r\n`
    const replies = Array.from({ length: 2000 }, () => c.read())
    c.writeRaw(batch)
    const got = await Promise.all(replies)
    expect(got.map((b) => b.toString().split('\r\n')[1])).toEqual(Array.from({ length: 2000 }, (_, i) => String(i)))
    const stats = await c.cmd('INFO', 'stats')
    const writes = Number(/total_writes_processed:(\d+)/.exec(stats)?.[1])
    expect(writes).toBeGreaterThan(0)
    expect(writes).toBeLessThan(50)
    c.close()
  })

  test('a protocol error closes only that connection', async () => {
    const good = await RespClient.connect(server.port)
    const bad = await RespClient.connect(server.port)
    const r = bad.read()
    bad.writeRaw('*1\r\n$x\r\n')
    expect((await r).toString()).toBe('-ERR Protocol error: invalid bulk length\r\n')
    expect(await bad.waitClosed()).toBe(true)
    expect(await good.cmd('PING')).toBe('+PONG\r\n')
    good.close()
  })

  test('network counters add up over clients and CONFIG RESETSTAT zeroes them', async () => {
    const a = await RespClient.connect(server.port)
    const b = await RespClient.connect(server.port)
    await a.call('CONFIG', 'RESETSTAT')
    const stats = async (): Promise<number[]> => {
      const text = await a.cmd('INFO', 'stats')
      return ['total_net_input_bytes', 'total_reads_processed', 'total_writes_processed'].map((k) => Number(new RegExp(`${k}:(\\d+)`).exec(text)?.[1]))
    }
    // INFO stats is 25 bytes; its own reply is written after it counts
    expect(await stats()).toEqual([25, 1, 1])
    await b.cmd('PING')
    await a.cmd('PING')
    // then two PINGs of 14 bytes from two clients, and INFO stats again
    expect(await stats()).toEqual([25 + 14 + 14 + 25, 4, 4])
    a.close()
    b.close()
  })

  test('limits cached from the config follow CONFIG SET at once', async () => {
    const c = await RespClient.connect(server.port)
    const big = 'x'.repeat(1024 * 1024 + 1)
    expect(await c.cmd('SET', 'big', big)).toBe('+OK\r\n')
    expect(await c.cmd('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')).toBe('+OK\r\n')
    const r = c.read()
    c.writeRaw(`*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$${big.length}\r\n`)
    expect((await r).toString()).toBe('-ERR Protocol error: invalid bulk length\r\n')
    expect(await c.waitClosed()).toBe(true)
    const d = await RespClient.connect(server.port)
    expect(await d.cmd('CONFIG', 'SET', 'proto-max-bulk-len', '512mb')).toBe('+OK\r\n')
    expect(await d.cmd('STRLEN', 'big')).toBe(`:${big.length}\r\n`)
    d.close()
  })

  test('INFO shows process figures and network counters', async () => {
    const c = await RespClient.connect(server.port)
    const info = await c.cmd('INFO', 'everything')
    expect(info).toMatch(/used_memory:[1-9]\d*\r\n/)
    expect(info).toMatch(/used_memory_rss:[1-9]\d*\r\n/)
    expect(info).toMatch(/total_net_input_bytes:[1-9]\d*\r\n/)
    expect(info).toMatch(/used_cpu_user:\d+\.\d{6}\r\n/)
    expect(info).toContain(`process_id:${process.pid}\r\n`)
    c.close()
  })
})

describe('limits', () => {
  test('maxclients refuses with Redis\'s error', async () => {
    const server = await startServer({ port: 0, config: { maxclients: 2 } })
    try {
      const a = await RespClient.connect(server.port)
      const b = await RespClient.connect(server.port)
      expect(await b.cmd('PING')).toBe('+PONG\r\n')
      const c = await RespClient.connect(server.port)
      expect((await c.read()).toString()).toBe('-ERR max number of clients reached\r\n')
      expect(await c.waitClosed()).toBe(true)
      expect(await a.cmd('INFO', 'stats')).toContain('rejected_connections:1\r\n')
      a.close()
      b.close()
    } finally {
      await server.close()
    }
  })

  test('timeout closes idle clients, not blocked ones', async () => {
    const server = await startServer({ port: 0, config: { timeout: 1 } })
    try {
      const idle = await RespClient.connect(server.port)
      const blocked = await RespClient.connect(server.port)
      expect(await idle.cmd('PING')).toBe('+PONG\r\n')
      blocked.send('BLPOP', 'never', '0')
      expect(await idle.waitClosed(4000)).toBe(true)
      expect(blocked.closed).toBe(false)
      blocked.close()
    } finally {
      await server.close()
    }
  }, 10000)

  test('client-query-buffer-limit drops a client that sends too much', async () => {
    const server = await startServer({ port: 0, config: { 'client-query-buffer-limit': '1mb' } })
    try {
      const c = await RespClient.connect(server.port)
      c.writeRaw('*2\r\n$4\r\nECHO\r\n$3000000\r\n' + 'x'.repeat(1_100_000))
      expect(await c.waitClosed()).toBe(true)
    } finally {
      await server.close()
    }
  })
})

describe.runIf(hasTool('redis-cli'))('redis-cli and redis-benchmark', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ port: 0 })
  })
  afterAll(() => server.close())

  test('redis-cli one-shot', async () => {
    const cli = async (...args: string[]): Promise<string> => (await run('redis-cli', ['-p', String(server.port), ...args])).stdout
    expect(await cli('SET', 'k', 'hello world')).toBe('OK\n')
    expect(await cli('GET', 'k')).toBe('hello world\n')
    expect(await cli('INCR', 'n')).toBe('1\n')
    expect(await cli('-n', '2', 'DBSIZE')).toBe('0\n')
    expect(await cli('CLIENT', 'SETNAME', 'x y')).toBe('ERR Client names cannot contain spaces, newlines or special characters.\n\n')
    expect(await cli('INFO', 'server')).toContain('redis_version:7.0.15')
  })

  test('redis-cli reading commands from stdin', async () => {
    const r = await run('redis-cli', ['-p', String(server.port)], 'SET a 1\nINCRBY a 41\nGET a\nPING\n')
    expect(r.stdout).toBe('OK\n42\n42\nPONG\n')
  })

  test.runIf(hasTool('redis-benchmark'))(
    'redis-benchmark -t set,get,incr -n 20000 -q',
    async () => {
      const r = await run('redis-benchmark', ['-p', String(server.port), '-t', 'set,get,incr', '-n', '20000', '-q'])
      expect(r.status).toBe(0)
      for (const name of ['SET', 'GET', 'INCR']) expect(r.stdout).toMatch(new RegExp(`${name}: [\\d.]+ requests per second`))
    },
    90000,
  )
})
