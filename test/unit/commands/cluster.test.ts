import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'

const DISABLED = '-ERR This instance has cluster support disabled\r\n'
const arity = (name: string): string => `-ERR wrong number of arguments for '${name}' command\r\n`

describe('CLUSTER', () => {
  test('every subcommand answers that cluster support is disabled (HELP and KEYSLOT too)', () => {
    const c = testEngine().client()
    const replies = [
      c('CLUSTER', 'ADDSLOTS', '1', '2'),
      c('CLUSTER', 'ADDSLOTSRANGE', '1', '2'),
      c('CLUSTER', 'BUMPEPOCH'),
      c('CLUSTER', 'COUNT-FAILURE-REPORTS', 'id'),
      c('CLUSTER', 'COUNTKEYSINSLOT', '1'),
      c('CLUSTER', 'DELSLOTS', '1'),
      c('CLUSTER', 'DELSLOTSRANGE', '1', '2'),
      c('CLUSTER', 'FAILOVER', 'FORCE'),
      c('CLUSTER', 'FLUSHSLOTS'),
      c('CLUSTER', 'FORGET', 'id'),
      c('CLUSTER', 'GETKEYSINSLOT', '1', '10'),
      c('CLUSTER', 'HELP'),
      c('CLUSTER', 'INFO'),
      c('CLUSTER', 'KEYSLOT', 'foo'),
      c('CLUSTER', 'LINKS'),
      c('CLUSTER', 'MEET', '127.0.0.1', '7000'),
      c('CLUSTER', 'MYID'),
      c('CLUSTER', 'NODES'),
      c('CLUSTER', 'REPLICAS', 'id'),
      c('CLUSTER', 'REPLICATE', 'id'),
      c('CLUSTER', 'RESET', 'HARD'),
      c('CLUSTER', 'SAVECONFIG'),
      c('CLUSTER', 'SET-CONFIG-EPOCH', '1'),
      c('CLUSTER', 'SETSLOT', '1', 'STABLE'),
      c('CLUSTER', 'SHARDS'),
      c('CLUSTER', 'SLAVES', 'id'),
      c('CLUSTER', 'SLOTS'),
    ]
    expect(new Set(replies)).toEqual(new Set([DISABLED]))
    // options are not even read
    expect(c('CLUSTER', 'failover', 'nonsense')).toBe(DISABLED)
    expect(c('CLUSTER', 'reset', 'SOFT', 'more')).toBe(DISABLED)
  })

  test('arity is checked first, per subcommand', () => {
    const c = testEngine().client()
    expect(c('CLUSTER', 'INFO', 'x')).toBe(arity('cluster|info'))
    expect(c('CLUSTER', 'KEYSLOT')).toBe(arity('cluster|keyslot'))
    expect(c('CLUSTER', 'GETKEYSINSLOT', '1')).toBe(arity('cluster|getkeysinslot'))
    expect(c('CLUSTER', 'SETSLOT', '1')).toBe(arity('cluster|setslot'))
    expect(c('CLUSTER', 'HELP', 'x')).toBe(arity('cluster|help'))
    expect(c('CLUSTER')).toBe(arity('cluster'))
  })

  test('an unknown subcommand', () => {
    const c = testEngine().client()
    expect(c('CLUSTER', 'bogus')).toBe("-ERR unknown subcommand 'bogus'. Try CLUSTER HELP.\r\n")
  })
})

describe('READONLY, READWRITE and ASKING', () => {
  test('cluster support is disabled', () => {
    const c = testEngine().client()
    expect(c('READONLY')).toBe(DISABLED)
    expect(c('READWRITE')).toBe(DISABLED)
    expect(c('ASKING')).toBe(DISABLED)
    expect(c('READONLY', 'x')).toBe(arity('readonly'))
    expect(c('READWRITE', 'x')).toBe(arity('readwrite'))
    expect(c('ASKING', 'x')).toBe(arity('asking'))
  })
})
