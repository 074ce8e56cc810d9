import { describe, expect, test } from 'vitest'
import { testEngine, T0, type TestClient } from '../../helpers/engine.js'
import { bulk } from '../../helpers/resp-text.js'

/** An XRANGE-style entry as RESP2 text. */
function entry(id: string, ...fv: string[]): string {
  return `*2\r\n$${id.length}\r\n${id}\r\n*${fv.length}\r\n${fv.map((x) => `$${x.length}\r\n${x}\r\n`).join('')}`
}

function setup(): { c: TestClient; t: ReturnType<typeof testEngine> } {
  const t = testEngine()
  return { c: t.client(), t }
}

describe('XADD', () => {
  test('explicit, incomplete and <ms>-* IDs', () => {
    const { c } = setup()
    expect(c('XADD', 's', '1-1', 'a', '1')).toBe(bulk('1-1'))
    expect(c('XADD', 's', '1-*', 'a', '2')).toBe(bulk('1-2'))
    expect(c('XADD', 's', '5', 'a', '3')).toBe(bulk('5-0'))
    expect(c('XADD', 's', '5-*', 'a', '3')).toBe(bulk('5-1'))
    expect(c('XADD', 't', '0-*', 'a', '1')).toBe(bulk('0-1'))
    expect(c('XLEN', 's')).toBe(':4\r\n')
  })

  test('* takes the clock, or the next sequence when the clock is behind', () => {
    const { c, t } = setup()
    expect(c('XADD', 's', '*', 'a', '1')).toBe(bulk(`${T0}-0`))
    expect(c('XADD', 's', '*', 'a', '1')).toBe(bulk(`${T0}-1`))
    t.clock.advance(5)
    expect(c('XADD', 's', '*', 'a', '1')).toBe(bulk(`${T0 + 5}-0`))
    expect(c('XADD', 'f', `${T0 + 1000}-7`, 'a', '1')).toBe(bulk(`${T0 + 1000}-7`))
    expect(c('XADD', 'f', '*', 'a', '1')).toBe(bulk(`${T0 + 1000}-8`))
  })

  test('64-bit IDs round-trip exactly and the last ID is exhausting', () => {
    const { c } = setup()
    const max = '18446744073709551615'
    expect(c('XADD', 's', `${max}-18446744073709551614`, 'a', '1')).toBe(bulk(`${max}-18446744073709551614`))
    expect(c('XADD', 's', '*', 'a', '1')).toBe(bulk(`${max}-${max}`))
    expect(c('XADD', 's', '*', 'a', '1')).toBe('-ERR The stream has exhausted the last possible ID, unable to add more items\r\n')
    expect(c('XADD', 't', `9007199254740993-${max}`, 'a', '1')).toBe(bulk(`9007199254740993-${max}`))
    expect(c('XADD', 't', '*', 'a', '1')).toBe(bulk('9007199254740994-0'))
    expect(c('XRANGE', 't', '9007199254740993', '9007199254740993')).toBe(`*1\r\n${entry(`9007199254740993-${max}`, 'a', '1')}`)
    expect(c('XADD', 'u', `5-${max}`, 'a', '1')).toBe(bulk(`5-${max}`))
    expect(c('XADD', 'u', '5-*', 'a', '1')).toBe('-ERR Elements are too large to be stored\r\n')
  })

  test('ID errors', () => {
    const { c } = setup()
    c('XADD', 's', '2-2', 'a', '1')
    expect(c('XADD', 's', '2-2', 'a', '1')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n')
    expect(c('XADD', 's', '1-*', 'a', '1')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n')
    expect(c('XADD', 'n', '0-0', 'a', '1')).toBe('-ERR The ID specified in XADD must be greater than 0-0\r\n')
    for (const bad of ['x', '1-x', '-1', '-', '+', '1.5', '18446744073709551616']) {
      expect(c('XADD', 'n', bad, 'a', '1')).toBe('-ERR Invalid stream ID specified as stream command argument\r\n')
    }
    expect(c('EXISTS', 'n')).toBe(':0\r\n')
  })

  test('argument errors, NOMKSTREAM and WRONGTYPE', () => {
    const { c } = setup()
    expect(c('XADD', 's', 'NOMKSTREAM', '*', 'a', '1')).toBe('$-1\r\n')
    expect(c('XADD', 's', '*', 'a')).toBe("-ERR wrong number of arguments for 'xadd' command\r\n")
    expect(c('XADD', 's', '*', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'xadd' command\r\n")
    expect(c('XADD', 's', 'MAXLEN', '1', 'MINID', '1', '*', 'a', '1')).toBe('-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n')
    expect(c('XADD', 's', 'MAXLEN', '1', 'LIMIT', '1', '*', 'a', '1')).toBe('-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n')
    expect(c('XADD', 's', 'LIMIT', '1', '*', 'a', '1')).toBe('-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n')
    expect(c('XADD', 's', 'MAXLEN', '-1', '*', 'a', '1')).toBe('-ERR The MAXLEN argument must be >= 0.\r\n')
    expect(c('XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1', '*', 'a', '1')).toBe('-ERR The LIMIT argument must be >= 0.\r\n')
    expect(c('XADD', 's', 'MAXLEN', 'x', '*', 'a', '1')).toBe('-ERR value is not an integer or out of range\r\n')
    c('SET', 'str', 'v')
    expect(c('XADD', 'str', '*', 'a', '1')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
    const r3 = testEngine().client({ proto: 3 })
    expect(r3('XADD', 's', 'NOMKSTREAM', '*', 'a', '1')).toBe('_\r\n')
  })

  test('trims exactly or by whole nodes', () => {
    const { c } = setup()
    for (let i = 1; i <= 5; i++) c('XADD', 's', 'MAXLEN', 3, `1-${i}`, 'a', String(i))
    expect(c('XLEN', 's')).toBe(':3\r\n')
    expect(c('XRANGE', 's', '-', '+', 'COUNT', 1)).toBe(`*1\r\n${entry('1-3', 'a', '3')}`)
    c('XADD', 's', 'MINID', '1-5', '1-6', 'a', '6')
    expect(c('XLEN', 's')).toBe(':2\r\n')
    // one node of 100 entries: an approximate trim cannot drop it
    for (let i = 1; i <= 150; i++) c('XADD', 'b', `2-${i}`, 'a', '1')
    expect(c('XADD', 'b', 'MAXLEN', '~', 10, '3-0', 'a', '1')).toBe(bulk('3-0'))
    expect(c('XLEN', 'b')).toBe(':51\r\n')
    expect(c('XADD', 'c', 'MAXLEN', '~', 0, '1-1', 'a', '1')).toBe(bulk('1-1'))
    expect(c('XLEN', 'c')).toBe(':0\r\n')
    expect(c('EXISTS', 'c')).toBe(':1\r\n')
  })
})

describe('XRANGE and XREVRANGE', () => {
  test('bounds, exclusive bounds, incomplete IDs and COUNT', () => {
    const { c } = setup()
    c('XADD', 's', '1-1', 'a', '1')
    c('XADD', 's', '1-2', 'b', '2', 'c', '3')
    c('XADD', 's', '2-0', 'a', '4')
    const e1 = entry('1-1', 'a', '1')
    const e2 = entry('1-2', 'b', '2', 'c', '3')
    const e3 = entry('2-0', 'a', '4')
    expect(c('XRANGE', 's', '-', '+')).toBe(`*3\r\n${e1}${e2}${e3}`)
    expect(c('XRANGE', 's', '1', '1')).toBe(`*2\r\n${e1}${e2}`)
    expect(c('XRANGE', 's', '(1-1', '+')).toBe(`*2\r\n${e2}${e3}`)
    expect(c('XRANGE', 's', '-', '(2-0')).toBe(`*2\r\n${e1}${e2}`)
    expect(c('XRANGE', 's', '-', '(2')).toBe(`*3\r\n${e1}${e2}${e3}`)
    expect(c('XREVRANGE', 's', '+', '-')).toBe(`*3\r\n${e3}${e2}${e1}`)
    expect(c('XREVRANGE', 's', '+', '-', 'COUNT', 2)).toBe(`*2\r\n${e3}${e2}`)
    expect(c('XREVRANGE', 's', '(2-0', '(1-1')).toBe(`*1\r\n${e2}`)
    expect(c('XRANGE', 's', '2', '1')).toBe('*0\r\n')
    expect(c('XRANGE', 's', '-', '+', 'COUNT', 0)).toBe('*-1\r\n')
    expect(c('XRANGE', 'none', '-', '+', 'COUNT', 0)).toBe('*0\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('XADD', 's', '1-1', 'a', '1')
    expect(c('XRANGE', 's', '(18446744073709551615-18446744073709551615', '+')).toBe('-ERR invalid start ID for the interval\r\n')
    expect(c('XRANGE', 's', '-', '(0-0')).toBe('-ERR invalid end ID for the interval\r\n')
    expect(c('XRANGE', 's', '(-', '+')).toBe('-ERR Invalid stream ID specified as stream command argument\r\n')
    expect(c('XRANGE', 's', '-', '+', 'COUNT')).toBe('-ERR syntax error\r\n')
    expect(c('XREVRANGE', 's', '+', '-', 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('XRANGE', 's', '-')).toBe("-ERR wrong number of arguments for 'xrange' command\r\n")
    c('SET', 'str', 'v')
    expect(c('XREVRANGE', 'str', '+', '-')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
  })

  test('RESP3 keeps entries as arrays', () => {
    const c = testEngine().client({ proto: 3 })
    c('XADD', 's', '1-1', 'a', '1')
    expect(c('XRANGE', 's', '-', '+')).toBe(`*1\r\n${entry('1-1', 'a', '1')}`)
    expect(c('XRANGE', 's', '-', '+', 'COUNT', 0)).toBe('_\r\n')
  })
})

describe('XLEN, XDEL, XTRIM', () => {
  test('XLEN and XDEL keep an empty stream', () => {
    const { c } = setup()
    expect(c('XLEN', 'none')).toBe(':0\r\n')
    c('XADD', 's', '1-1', 'a', '1')
    c('XADD', 's', '1-2', 'a', '1')
    expect(c('XDEL', 's', '1-1', '1-1', '9-9')).toBe(':1\r\n')
    expect(c('XDEL', 's', '1-2')).toBe(':1\r\n')
    expect(c('XLEN', 's')).toBe(':0\r\n')
    expect(c('TYPE', 's')).toBe('+stream\r\n')
    expect(c('XDEL', 's', 'x')).toBe('-ERR Invalid stream ID specified as stream command argument\r\n')
    expect(c('XDEL', 'none', '1')).toBe(':0\r\n')
    c('SET', 'str', 'v')
    expect(c('XLEN', 'str')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
  })

  test('XTRIM by MAXLEN and MINID', () => {
    const { c } = setup()
    for (let i = 1; i <= 10; i++) c('XADD', 's', `1-${i}`, 'a', '1')
    expect(c('XTRIM', 's', 'MAXLEN', 8)).toBe(':2\r\n')
    expect(c('XTRIM', 's', 'MINID', '1-5')).toBe(':2\r\n')
    expect(c('XTRIM', 's', 'MAXLEN', '~', 0)).toBe(':6\r\n')
    expect(c('XTRIM', 'none', 'MAXLEN', 0)).toBe(':0\r\n')
    expect(c('XTRIM', 's', 'MAXLEN', 1, 'x')).toBe('-ERR syntax error\r\n')
    expect(c('XTRIM', 's', 'LIMIT', 1)).toBe('-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n')
  })

  test('XTRIM LIMIT caps the entries an approximate trim removes', () => {
    const { c, t } = setup()
    t.engine.config.set('stream-node-max-entries', '2')
    for (let i = 1; i <= 10; i++) c('XADD', 's', `1-${i}`, 'a', '1')
    expect(c('XTRIM', 's', 'MAXLEN', '~', 0, 'LIMIT', 5)).toBe(':4\r\n')
    expect(c('XTRIM', 's', 'MAXLEN', '~', 3)).toBe(':2\r\n')
  })
})

describe('XSETID', () => {
  test('sets the last ID and counters', () => {
    const { c } = setup()
    expect(c('XSETID', 's', '1-1')).toBe('-ERR no such key\r\n')
    c('XADD', 's', '1-1', 'a', '1')
    expect(c('XSETID', 's', '1-0')).toBe('-ERR The ID specified in XSETID is smaller than the target stream top item\r\n')
    expect(c('XSETID', 's', '5-0', 'ENTRIESADDED', 0)).toBe('-ERR The entries_added specified in XSETID is smaller than the target stream length\r\n')
    expect(c('XSETID', 's', '5-0', 'MAXDELETEDID', '6-0')).toBe('-ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id\r\n')
    expect(c('XSETID', 's', '5-0', 'ENTRIESADDED', -1)).toBe('-ERR entries_added must be positive\r\n')
    expect(c('XSETID', 's', '5-0', 'ENTRIESADDED', 9, 'MAXDELETEDID', '4-0')).toBe('+OK\r\n')
    expect(c('XADD', 's', '5-0', 'a', '1')).toBe('-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n')
    expect(c('XADD', 's', '*', 'a', '1')).toBe(bulk(`${T0}-0`))
    expect(c('XINFO', 'STREAM', 's')).toContain('$20\r\nmax-deleted-entry-id\r\n$3\r\n4-0\r\n$13\r\nentries-added\r\n:10\r\n')
  })
})

describe('XINFO STREAM', () => {
  test('the summary and FULL forms', () => {
    const { c } = setup()
    c('XADD', 's', '1-1', 'a', '1')
    c('XADD', 's', '1-2', 'a', '2')
    c('XDEL', 's', '1-2')
    expect(c('XINFO', 'STREAM', 's')).toBe(
      '*20\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n' +
        '$17\r\nlast-generated-id\r\n$3\r\n1-2\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n1-2\r\n$13\r\nentries-added\r\n:2\r\n' +
        `$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n${entry('1-1', 'a', '1')}` +
        `$10\r\nlast-entry\r\n${entry('1-1', 'a', '1')}`,
    )
    expect(c('XINFO', 'STREAM', 's', 'FULL', 'COUNT', 1)).toBe(
      '*18\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n' +
        '$17\r\nlast-generated-id\r\n$3\r\n1-2\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n1-2\r\n$13\r\nentries-added\r\n:2\r\n' +
        `$23\r\nrecorded-first-entry-id\r\n$3\r\n1-1\r\n$7\r\nentries\r\n*1\r\n${entry('1-1', 'a', '1')}$6\r\ngroups\r\n*0\r\n`,
    )
    c('XDEL', 's', '1-1')
    expect(c('XINFO', 'STREAM', 's')).toContain('$16\r\nradix-tree-nodes\r\n:1\r\n')
    expect(c('XINFO', 'STREAM', 's')).toContain('$11\r\nfirst-entry\r\n$-1\r\n$10\r\nlast-entry\r\n$-1\r\n')
    expect(c('XINFO', 'STREAM', 'none')).toBe('-ERR no such key\r\n')
    expect(c('XINFO', 'STREAM', 's', 'FULL', 'x')).toBe("-ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP.\r\n")
  })

  test('RESP3 maps', () => {
    const c = testEngine().client({ proto: 3 })
    c('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    expect(c('XINFO', 'STREAM', 's')).toBe(
      '%10\r\n$6\r\nlength\r\n:0\r\n$15\r\nradix-tree-keys\r\n:0\r\n$16\r\nradix-tree-nodes\r\n:1\r\n' +
        '$17\r\nlast-generated-id\r\n$3\r\n0-0\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:0\r\n' +
        '$23\r\nrecorded-first-entry-id\r\n$3\r\n0-0\r\n$6\r\ngroups\r\n:1\r\n$11\r\nfirst-entry\r\n_\r\n$10\r\nlast-entry\r\n_\r\n',
    )
  })

  test('HELP', () => {
    const c = testEngine().client()
    expect(c('XINFO', 'HELP')).toMatch(/^\*9\r\n\+XINFO <subcommand>/)
    expect(c('XINFO', 'nope')).toBe("-ERR unknown subcommand 'nope'. Try XINFO HELP.\r\n")
  })
})

describe('TYPE and OBJECT ENCODING', () => {
  test('report stream', () => {
    const c = testEngine().client()
    c('XADD', 's', '1-1', 'a', '1')
    expect(c('TYPE', 's')).toBe('+stream\r\n')
    expect(c('OBJECT', 'ENCODING', 's')).toBe(bulk('stream'))
  })
})

describe('propagation', () => {
  test('XADD logs the generated ID and an approximate trim as an exact one', () => {
    const t = testEngine()
    const log: string[][] = []
    t.engine.onPropagate((argv) => log.push([...argv]))
    const c = t.client()
    c('XADD', 's', '*', 'a', '1')
    c('XADD', 's', `${T0 + 10}-*`, 'a', '1')
    c('XADD', 's', 'MAXLEN', '~', 5, 'LIMIT', 10, `${T0 + 11}-1`, 'a', '1')
    c('XTRIM', 's', 'MAXLEN', '~', 0)
    c('XTRIM', 's', 'MINID', 1)
    c('XDEL', 's', '9-9')
    expect(log).toEqual([
      ['XADD', 's', `${T0}-0`, 'a', '1'],
      ['XADD', 's', `${T0 + 10}-0`, 'a', '1'],
      ['XADD', 's', 'MAXLEN', '=', '3', `${T0 + 11}-1`, 'a', '1'],
      ['XTRIM', 's', 'MAXLEN', '=', '0'],
    ])
  })

  test('XTRIM ~ that removes entries is logged as an exact MINID', () => {
    const t = testEngine()
    t.engine.config.set('stream-node-max-entries', '2')
    const c = t.client()
    for (let i = 1; i <= 5; i++) c('XADD', 's', `1-${i}`, 'a', '1')
    const log: string[][] = []
    t.engine.onPropagate((argv) => log.push([...argv]))
    expect(c('XTRIM', 's', 'MINID', '~', '1-4')).toBe(':2\r\n')
    expect(log).toEqual([['XTRIM', 's', 'MINID', '=', '1-3']])
  })
})
