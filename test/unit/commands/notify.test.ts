import { describe, expect, test } from 'vitest'
import { formatNotifyFlags, parseNotifyFlags } from '../../../src/core/notify.js'
import { testEngine, type TestClient } from '../../helpers/engine.js'

/** Events a `__key*__:*` subscriber got, as `channel event-or-key` lines. */
function events(sub: TestClient): string[] {
  const text = sub.pending()
  const out: string[] = []
  const re = /\*4\r\n\$8\r\npmessage\r\n\$\d+\r\n[^\r]*\r\n\$\d+\r\n([^\r]*)\r\n\$\d+\r\n([^\r]*)\r\n/g
  for (const m of text.matchAll(re)) out.push(`${m[1]} ${m[2]}`)
  return out
}

function setup(flags: string) {
  const t = testEngine({ config: { 'notify-keyspace-events': flags } })
  const sub = t.client()
  sub('PSUBSCRIBE', '__key*__:*')
  return { t, sub, c: t.client() }
}

describe('keyspace notifications', () => {
  test('K and E publish keyspace then keyevent', () => {
    const { sub, c } = setup('KEA')
    c('SET', 'k', 'v')
    expect(events(sub)).toEqual(['__keyspace@0__:k set', '__keyevent@0__:set k'])
    c('SELECT', '3')
    c('DEL', 'k', 'missing')
    c('SET', 'k', 'v')
    c('DEL', 'k', 'missing')
    expect(events(sub)).toEqual(['__keyspace@3__:k set', '__keyevent@3__:set k', '__keyspace@3__:k del', '__keyevent@3__:del k'])
  })

  test('class letters filter events', () => {
    const { sub, c } = setup('K$')
    c('SET', 'k', 'v')
    c('DEL', 'k')
    expect(events(sub)).toEqual(['__keyspace@0__:k set'])
    const g = setup('Eg')
    g.c('SET', 'k', 'v')
    g.c('DEL', 'k')
    expect(events(g.sub)).toEqual(['__keyevent@0__:del k'])
  })

  test('a class without K or E publishes nothing', () => {
    const { sub, c } = setup('A')
    c('SET', 'k', 'v')
    expect(events(sub)).toEqual([])
  })

  test('nothing by default', () => {
    const t = testEngine()
    const sub = t.client()
    sub('PSUBSCRIBE', '*')
    t.client()('SET', 'k', 'v')
    expect(sub.pending()).toBe('')
  })

  test('expired, from lazy and from active expiry', () => {
    const { t, sub, c } = setup('Ex')
    c('SET', 'a', 'v', 'PX', 100)
    c('SET', 'b', 'v', 'PX', 100)
    t.clock.advance(101)
    c('GET', 'a')
    expect(events(sub)).toEqual(['__keyevent@0__:expired a'])
    t.engine.activeExpire()
    expect(events(sub)).toEqual(['__keyevent@0__:expired b'])
  })

  test('keymiss (m) on reads of missing keys, not on writes', () => {
    const { sub, c } = setup('KEm')
    c('GET', 'nokey')
    c('SET', 'k', 'v')
    c('GET', 'k')
    expect(events(sub)).toEqual(['__keyspace@0__:nokey keymiss', '__keyevent@0__:keymiss nokey'])
  })

  test('new (n) when a key is created, before its command event', () => {
    const { sub, c } = setup('KEAn')
    c('SET', 'k', 'v')
    c('SET', 'k', 'w')
    expect(events(sub)).toEqual([
      '__keyspace@0__:k new',
      '__keyevent@0__:new k',
      '__keyspace@0__:k set',
      '__keyevent@0__:set k',
      '__keyspace@0__:k set',
      '__keyevent@0__:set k',
    ])
  })

  test('a RESP3 subscriber gets pushes, and its own events inside EXEC join the array', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'E$' } })
    const c = t.client({ proto: 3 })
    c('SUBSCRIBE', '__keyevent@0__:set')
    expect(c('SET', 'k', 'v')).toBe('>3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n+OK\r\n')
    c('MULTI')
    c('SET', 'k', 'w')
    expect(c('EXEC')).toBe('*1\r\n>3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:set\r\n$1\r\nk\r\n+OK\r\n')
  })

  test('changing the setting at run time', () => {
    const { t, sub, c } = setup('')
    c('SET', 'k', 'v')
    expect(events(sub)).toEqual([])
    t.engine.config.set('notify-keyspace-events', 'KA')
    c('SET', 'k', 'v')
    expect(events(sub)).toEqual(['__keyspace@0__:k set'])
    t.engine.config.set('notify-keyspace-events', 'AKEn')
    expect(t.engine.config.get('notify-keyspace-events')).toBe('AKE')
    c('SET', 'k2', 'v')
    expect(events(sub)[0]).toBe('__keyspace@0__:k2 new')
  })
})

describe('notify-keyspace-events flags', () => {
  test('print as CONFIG GET does', () => {
    const show = (s: string): string => formatNotifyFlags(parseNotifyFlags(s))
    expect(show('KEA')).toBe('AKE')
    expect(show('Kn')).toBe('nK')
    expect(show('Em')).toBe('Em')
    expect(show('g$lshzxetdKE')).toBe('AKE')
    expect(show('AKEmn')).toBe('AKEm')
    expect(show('Ad')).toBe('A')
    expect(show('')).toBe('')
  })

  test('an unknown letter is refused', () => {
    expect(() => parseNotifyFlags('Q')).toThrow("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
  })
})
