/**
 * The redis-py tour's messaging examples (../shared/seeds/003_*.txt): the
 * producer/consumer queue (LPUSH + BRPOP) and the pub/sub radio (one publisher,
 * three subscribers on fm97.5 / fm80.5 / fm77.5), run unchanged against redlet
 * and redis-server with `--requirepass 1234`.
 *
 * Both examples loop forever, so a small harness around them (the example's
 * text is untouched) bounds them: it seeds `random`, makes the publisher's
 * timestamps a counter, cuts sleeps to 50 ms, prints whole lines under a lock
 * (threads share stdout), and ends the process after a fixed number of items.
 * The queue example prints in one deterministic order; the radio's subscribers
 * print concurrently, so their lines are compared per subscriber.
 */
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'
import { codeBlocks, runPython, substitute } from './seeds.js'

const FILE = '003_c45c0890fe55577b.txt'
const blocks = codeBlocks(FILE, 'python')
const QUEUE = blocks.findIndex((b) => b.includes('def producer'))
const RADIO = blocks.findIndex((b) => b.includes('class Product'))

/** Python run before the example, in the same process. `bound` names the thread that ends the run. */
function harness(example: string, bound: 'producer' | 'publisher', items: number): string {
  return `import builtins, datetime, os, random, sys, threading, time
random.seed(0)
_sleep = time.sleep
_lock = threading.Lock()
_print = builtins.print
def _locked_print(*args, **kwargs):
    with _lock:
        _print(*args, **kwargs)
        sys.stdout.flush()
builtins.print = _locked_print
_state = {'count': 0, 'publisher': None}
class _Clock(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        if _state['publisher'] is None:
            _state['publisher'] = threading.get_ident()
            _sleep(0.5)  # let the subscribers subscribe first
        _state['count'] += 1
        return datetime.datetime(2024, 3, 16, 21, 0, 0) + datetime.timedelta(seconds=_state['count'])
datetime.datetime = _Clock
def _bounded_sleep(seconds):
    me = threading.get_ident()
    ${bound === 'producer' ? "if _state['publisher'] is None:\n        _state['publisher'] = me\n    if me == _state['publisher']:\n        _state['count'] += 1\n    " : ''}if me == _state['publisher'] and _state['count'] >= ${items}:
        _sleep(0.5)
        with _lock:
            sys.stdout.flush()
            os._exit(0)
    _sleep(min(seconds, 0.05))
time.sleep = _bounded_sleep
${example}`
}

describeDiff('redis-py messaging seed examples', () => {
  const servers = useServerPair({ password: '1234' })

  test('the examples are where the document has them', () => {
    expect(QUEUE).toBeGreaterThan(0)
    expect(RADIO).toBeGreaterThan(0)
  })

  test('queue example 2: a producer and a BRPOP consumer', async () => {
    const code = (port: number): string => harness(substitute(blocks[QUEUE] as string, port), 'producer', 6)
    const [a, b] = await Promise.all([runPython('oracle_queue2', code(servers.oracle.port)), runPython('redlet_queue2', code(servers.redlet.port))])
    expect(a.stdout).toContain("消费者brpop，消费了:  ('my_queue', '0')")
    expect(b.stdout).toBe(a.stdout)
    expect(b.stderr).toBe(a.stderr)
    expect(b.code).toBe(a.code)
  }, 60000)

  test('pub/sub: one publisher, three subscribers', async () => {
    const code = (port: number): string => harness(substitute(blocks[RADIO] as string, port), 'publisher', 8)
    const [a, b] = await Promise.all([runPython('oracle_radio', code(servers.oracle.port)), runPython('redlet_radio', code(servers.redlet.port))])
    const split = (out: string): Record<string, string[]> => {
      const by: Record<string, string[]> = {}
      for (const line of out.split('\n').filter((l) => l.length > 0)) {
        const who = /^用户(\w+)/.exec(line)?.[1] ?? 'publisher'
        ;(by[who] ??= []).push(line)
      }
      return by
    }
    const sa = split(a.stdout)
    expect(Object.keys(sa).sort()).toEqual(['lisi', 'publisher', 'wangwu', 'zhangsan'])
    expect(sa['zhangsan']?.[0]).toContain("{'type': 'subscribe', 'pattern': None, 'channel': 'fm97.5', 'data': 1}")
    expect(split(b.stdout)).toEqual(sa)
    expect(b.stderr).toBe(a.stderr)
    expect(b.code).toBe(a.code)
  }, 60000)
})
