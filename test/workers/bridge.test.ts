/**
 * redis-py through redlet-bridge to the Worker (Miniflare): the seed tour's
 * string and hash sections (../shared/seeds/003_*.txt), unchanged, print the same
 * as against the real redis-server. The Worker's token is the tour's password,
 * so its AUTH succeeds as against `redis-server --requirepass 1234`.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { startBridge, type RunningBridge } from '../../adapters/bridge/index.js'
import { codeBlocks, runPython, substitute } from '../clients/seeds.js'
import { describeDiff } from '../helpers/differential.js'
import { RespClient } from '../helpers/resp-client.js'
import { startOracle, type Oracle } from '../helpers/servers.js'
import { rest, startWorker, wsUrl, type RunningWorker } from './harness.js'

const FILE = '003_c45c0890fe55577b.txt'
const blocks = codeBlocks(FILE, 'python')
const SECTIONS: [string, number][] = [
  ['strings', 4],
  ['hash', 6],
]

describeDiff('redis-py through redlet-bridge', () => {
  let oracle: Oracle
  let worker: RunningWorker
  let bridge: RunningBridge
  beforeAll(async () => {
    ;[oracle, worker] = await Promise.all([startOracle(['--requirepass', '1234']), startWorker({ token: '1234' })])
    bridge = await startBridge({ port: 0, url: wsUrl(worker.url), token: '1234', log: () => {} })
  }, 30000)
  afterAll(async () => {
    await Promise.all([oracle?.stop(), bridge?.close(), worker?.close()])
  })
  beforeEach(async () => {
    const c = await RespClient.connect(oracle.port)
    await c.call('AUTH', '1234')
    await c.call('FLUSHALL')
    c.close()
    expect((await rest(worker.url, '/', ['FLUSHALL'], '1234')).json).toEqual({ result: 'OK' })
  })

  for (const [name, index] of SECTIONS) {
    test(name, async () => {
      const code = blocks[index] as string
      expect(code).toContain('import redis')
      const [a, b] = await Promise.all([runPython(`oracle_b${index}`, substitute(code, oracle.port)), runPython(`bridge_b${index}`, substitute(code, bridge.port))])
      // KEYS lists keys in Redis's dict order, which follows a hash seed random per redis-server process
      const tidy = (s: string, who: string): string =>
        s
          .replaceAll(`${who}_b${index}.py`, 'example.py')
          .split('\n')
          .map((line) => (/^\['k\d+'(, 'k\d+')*\]$/.test(line) ? '[' + line.slice(1, -1).split(', ').sort().join(', ') + ']' : line))
          .join('\n')
      expect(tidy(b.stdout, 'bridge')).toBe(tidy(a.stdout, 'oracle'))
      expect(tidy(b.stderr, 'bridge')).toBe(tidy(a.stderr, 'oracle'))
      expect(b.code).toBe(a.code)
      expect(a.stdout.length).toBeGreaterThan(50)
    }, 60000)
  }

  test('redis-cli through the bridge', async () => {
    const { run } = await import('../clients/seeds.js')
    const r = await run('redis-cli', ['-p', String(bridge.port), '-a', '1234', '--no-auth-warning', 'SET', 'cli', 'works'], {}, 10000)
    expect(r.stdout).toBe('OK\n')
    const g = await run('redis-cli', ['-p', String(bridge.port), '-a', '1234', '--no-auth-warning', 'GET', 'cli'], {}, 10000)
    expect(g.stdout).toBe('works\n')
  })
})
