import { describe, expect, test } from 'vitest'
import { installLua } from '../../../adapters/lua/index.js'
import { Redlet } from '../../../adapters/inprocess/index.js'
import { testEngine, type TestEngine } from '../../helpers/engine.js'
import { logOf } from '../../helpers/unit.js'

function lua(options: Parameters<typeof installLua>[1] = {}): TestEngine {
  const t = testEngine()
  installLua(t.engine, options)
  return t
}

const ONE_SHA = 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'

describe('EVAL', () => {
  test('runs a script with KEYS and ARGV', () => {
    const c = lua().client()
    expect(c('EVAL', 'return {KEYS[1], ARGV[1], #KEYS, #ARGV}', 1, 'k', 'a')).toBe('*4\r\n$1\r\nk\r\n$1\r\na\r\n:1\r\n:1\r\n')
    expect(c('EVAL', "return redis.call('set', KEYS[1], ARGV[1])", 1, 'k', 'v')).toBe('+OK\r\n')
    expect(c('GET', 'k')).toBe('$1\r\nv\r\n')
  })

  test('errors name the script and the line', () => {
    const c = lua().client()
    expect(c('EVAL', "\nreturn redis.call('nosuch')", 0)).toBe(
      '-ERR Unknown Redis command called from script script: 2e2ad95e6e1c29d3a7e0a2b5a4a49bd2bbfa64ac, on @user_script:2.\r\n'.replace(
        '2e2ad95e6e1c29d3a7e0a2b5a4a49bd2bbfa64ac',
        c('SCRIPT', 'LOAD', "\nreturn redis.call('nosuch')").slice(5, 45),
      ),
    )
    expect(c('EVAL', 'return +', 0)).toBe("-ERR Error compiling script (new function): user_script:1: unexpected symbol near '+'\r\n")
    expect(c('EVAL', 'x = 1', 0)).toMatch(/^-ERR user_script:1: Attempt to modify a readonly table script: [0-9a-f]{40}, on @user_script:1\.\r\n$/)
  })

  test('numkeys is checked', () => {
    const c = lua().client()
    expect(c('EVAL', 'return 1', -1)).toBe("-ERR Number of keys can't be negative\r\n")
    expect(c('EVAL', 'return 1', 2, 'a')).toBe("-ERR Number of keys can't be greater than number of args\r\n")
    expect(c('EVAL', 'return 1', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('EVAL', 'return 1')).toBe("-ERR wrong number of arguments for 'eval' command\r\n")
  })

  test('without a script engine EVAL says so', () => {
    const c = testEngine().client()
    expect(c('EVAL', 'return 1', 0)).toBe('-ERR scripting is not available: no script engine is installed (redlet/lua installs one)\r\n')
    expect(c('EVALSHA', ONE_SHA, 0)).toBe('-NOSCRIPT No matching script. Please use EVAL.\r\n')
    expect(c('SCRIPT', 'EXISTS', ONE_SHA)).toBe('*1\r\n:0\r\n')
    expect(c('FUNCTION', 'LOAD', '#!lua name=x\nredis.register_function("f", function() end)')).toBe("-ERR Engine 'lua' not found\r\n")
    expect(c('FUNCTION', 'STATS')).toBe('*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*0\r\n')
  })

  test('SELECT inside a script does not change the caller', () => {
    const c = lua().client()
    expect(c('EVAL', "redis.call('select', 1) return redis.call('set', 'x', 1)", 0)).toBe('+OK\r\n')
    expect(c('EXISTS', 'x')).toBe(':0\r\n')
    c('SELECT', 1)
    expect(c('EXISTS', 'x')).toBe(':1\r\n')
    expect(c('EVAL', "return redis.call('exists', 'x')", 0)).toBe(':1\r\n')
  })

  test('commands in a script reply in RESP2 until redis.setresp(3)', () => {
    const t = lua()
    const c = t.client({ proto: 3 })
    expect(c('EVAL', "return redis.call('hgetall', 'h')", 0)).toBe('*0\r\n')
    expect(c('EVAL', "redis.setresp(3) return redis.call('hgetall', 'h')", 0)).toBe('%0\r\n')
    expect(c('EVAL', 'return {double=1.5}', 0)).toBe(',1.5\r\n')
    expect(c('EVAL', 'return false', 0)).toBe('_\r\n')
  })

  test('writes replicate as effects, more than one wrapped in MULTI/EXEC', () => {
    const t = lua()
    const log: string[] = []
    t.engine.onPropagate((argv, db) => log.push(`${db}:${argv.join(' ')}`))
    const c = t.client()
    c('EVAL', "redis.call('set', 'a', '1')", 0)
    expect(log).toEqual(['0:set a 1'])
    log.length = 0
    c('EVAL', "redis.call('set', 'a', '1') redis.call('get', 'a') redis.call('incr', 'a')", 0)
    expect(log).toEqual(['0:multi', '0:set a 1', '0:incr a', '0:exec'])
    log.length = 0
    c('EVAL', "redis.call('select', 3) redis.call('set', 'c', '1') redis.call('set', 'x', '1', 'EX', 100)", 0)
    expect(log).toEqual(['3:multi', '3:set c 1', `3:set x 1 PXAT ${t.clock.now() + 100000}`, '3:exec'])
    log.length = 0
    c('EVAL', "return redis.call('get', 'a')", 0)
    expect(log).toEqual([])
  })

  test('a script inside EXEC joins the transaction', () => {
    const t = lua()
    const log = logOf(t)
    const c = t.client()
    c('MULTI')
    c('SET', 'a', '1')
    c('EVAL', "redis.call('incr', 'a') redis.call('incr', 'a')", 0)
    expect(c('EXEC')).toBe('*2\r\n+OK\r\n$-1\r\n')
    expect(log).toEqual(['multi', 'SET a 1', 'incr a', 'incr a', 'exec'])
  })

  test('keyspace notifications and WATCH see script writes', () => {
    const t = lua()
    const c = t.client()
    const other = t.client()
    other('WATCH', 'k')
    other('MULTI')
    other('SET', 'k', 'mine')
    c('EVAL', "redis.call('set', 'k', 'script')", 0)
    expect(other('EXEC')).toBe('*-1\r\n')
  })

  test('redis.log goes to the log option', () => {
    const lines: string[] = []
    const c = lua({ log: (level, line) => lines.push(`${level} ${line}`) }).client()
    c('EVAL', "redis.log(redis.LOG_WARNING, 'hello', 'world')", 0)
    expect(lines).toEqual(['3 hello world'])
  })

  test('math.random follows Redis rand48 from its start state', () => {
    const c = lua().client()
    expect(c('EVAL', 'return {tostring(math.random()), tostring(math.random())}', 0)).toBe('*2\r\n$16\r\n0.39646477363839\r\n$16\r\n0.84048536971234\r\n')
    expect(c('EVAL', 'math.randomseed(0) return {tostring(math.random()), tostring(math.random())}', 0)).toBe(
      '*2\r\n$16\r\n0.17082803611217\r\n$16\r\n0.74990198051087\r\n',
    )
  })
})

describe('EVAL_RO and EVALSHA_RO', () => {
  test('refuse writes', () => {
    const c = lua().client()
    c('SET', 'k', 'v')
    expect(c('EVAL_RO', "return redis.call('get', 'k')", 0)).toBe('$1\r\nv\r\n')
    expect(c('EVAL_RO', "return redis.pcall('set', 'k', 'w')", 0)).toBe('-ERR Write commands are not allowed from read-only scripts.\r\n')
    expect(c('EVAL_RO', '#!lua\nreturn 1', 0)).toBe('-ERR Can not execute a script with write flag using *_ro command.\r\n')
    const sha = c('SCRIPT', 'LOAD', "return redis.call('get', 'k')").slice(5, 45)
    expect(c('EVALSHA_RO', sha, 0)).toBe('$1\r\nv\r\n')
    expect(c('EVALSHA_RO', ONE_SHA, 0)).toBe('-NOSCRIPT No matching script. Please use EVAL.\r\n')
  })
})

describe('EVALSHA', () => {
  test('runs cached scripts by digest, any case', () => {
    const c = lua().client()
    expect(c('EVALSHA', ONE_SHA, 0)).toBe('-NOSCRIPT No matching script. Please use EVAL.\r\n')
    expect(c('EVAL', 'return 1', 0)).toBe(':1\r\n')
    expect(c('EVALSHA', ONE_SHA, 0)).toBe(':1\r\n')
    expect(c('EVALSHA', ONE_SHA.toUpperCase(), 0)).toBe(':1\r\n')
    expect(c('EVALSHA', 'abc', 'x')).toBe('-NOSCRIPT No matching script. Please use EVAL.\r\n')
    expect(c('EVALSHA', ONE_SHA, 'x')).toBe('-ERR value is not an integer or out of range\r\n')
  })
})

describe('SCRIPT', () => {
  test('LOAD, EXISTS and FLUSH', () => {
    const c = lua().client()
    expect(c('SCRIPT', 'LOAD', 'return 1')).toBe(`$40\r\n${ONE_SHA}\r\n`)
    expect(c('SCRIPT', 'EXISTS', ONE_SHA, 'ffff')).toBe('*2\r\n:1\r\n:0\r\n')
    expect(c('SCRIPT', 'LOAD', 'return +')).toBe("-ERR Error compiling script (new function): user_script:1: unexpected symbol near '+'\r\n")
    expect(c('SCRIPT', 'FLUSH', 'ASYNC')).toBe('+OK\r\n')
    expect(c('SCRIPT', 'EXISTS', ONE_SHA)).toBe('*1\r\n:0\r\n')
    expect(c('SCRIPT', 'FLUSH', 'SYNC')).toBe('+OK\r\n')
    expect(c('SCRIPT', 'FLUSH', 'now')).toBe('-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n')
  })

  test('DEBUG, HELP and KILL', () => {
    const c = lua().client()
    expect(c('SCRIPT', 'DEBUG', 'NO')).toBe('+OK\r\n')
    expect(c('SCRIPT', 'DEBUG', 'YES')).toBe('-ERR SCRIPT DEBUG YES|SYNC is not supported: redlet has no Lua debugger\r\n')
    expect(c('SCRIPT', 'DEBUG', 'maybe')).toBe('-ERR Use SCRIPT DEBUG YES/SYNC/NO\r\n')
    expect(c('SCRIPT', 'HELP')).toMatch(/^\*17\r\n\+SCRIPT <subcommand>/)
    expect(c('SCRIPT', 'KILL')).toBe('-NOTBUSY No scripts in execution right now.\r\n')
    expect(c('SCRIPT', 'NOPE')).toBe("-ERR unknown subcommand 'NOPE'. Try SCRIPT HELP.\r\n")
  })
})

describe('busy scripts', () => {
  test('other clients get BUSY, and SCRIPT KILL stops a script that has not written', () => {
    const seen: string[] = []
    let t: TestEngine | null = null
    let other: ReturnType<TestEngine['client']> | null = null
    t = lua({
      checkEvery: 100,
      onBusy: () => {
        const o = other as NonNullable<typeof other>
        seen.push(o('GET', 'x'), o('FUNCTION', 'STATS'), o('SCRIPT', 'KILL'))
      },
    })
    t.engine.config.set('busy-reply-threshold', '0')
    const c = t.client()
    other = t.client()
    const r = c('EVAL', 'local i = 0 while true do i = i + 1 end', 0)
    expect(r).toMatch(/^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\.\r\n$/)
    expect(seen).toEqual([
      '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n',
      '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n',
      '+OK\r\n',
    ])
    expect(other('GET', 'x')).toBe('$-1\r\n')
    expect(c('SCRIPT', 'KILL')).toBe('-NOTBUSY No scripts in execution right now.\r\n')
  })

  test('a pcall in the script cannot swallow the kill', () => {
    let other: ((...a: (string | number)[]) => string) | null = null
    const t = lua({ checkEvery: 100, onBusy: () => void other?.('SCRIPT', 'KILL') })
    t.engine.config.set('busy-reply-threshold', '0')
    const c = t.client()
    other = t.client()
    expect(c('EVAL', 'while true do pcall(function() local i = 0 while true do i = i + 1 end end) end', 0)).toMatch(/^-ERR Script killed by user/)
  })

  test('a script that wrote cannot be killed', () => {
    let other: ((...a: (string | number)[]) => string) | null = null
    const replies: string[] = []
    const t = lua({
      checkEvery: 100,
      onBusy: () => {
        if (replies.length === 0) replies.push(other?.('SCRIPT', 'KILL') ?? '', other?.('FUNCTION', 'KILL') ?? '')
      },
    })
    t.engine.config.set('busy-reply-threshold', '0')
    const c = t.client()
    other = t.client()
    expect(c('EVAL', "redis.call('set', 'w', 1) for i = 1, 20000 do end return redis.call('get', 'w')", 0)).toBe('$1\r\n1\r\n')
    expect(replies[0]).toBe(
      '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n',
    )
    expect(replies[1]).toBe(replies[0])
  })

  test('FUNCTION KILL stops a function; FUNCTION STATS shows it running', () => {
    let other: ((...a: (string | number)[]) => string) | null = null
    const stats: string[] = []
    const t = lua({
      checkEvery: 100,
      onBusy: () => {
        const o = other as NonNullable<typeof other>
        stats.push(o('SCRIPT', 'KILL'), o('FUNCTION', 'STATS'), o('FUNCTION', 'KILL'))
      },
    })
    t.engine.config.set('busy-reply-threshold', '0')
    const c = t.client()
    other = t.client()
    c('FUNCTION', 'LOAD', "#!lua name=inf\nredis.register_function('inf', function() while true do end end)")
    expect(c('FCALL', 'inf', 0)).toBe('-ERR Script killed by user with SCRIPT KILL... script: inf, on @user_function:2.\r\n')
    expect(stats[0]).toBe('-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n')
    expect(stats[1]).toBe(
      '*4\r\n$14\r\nrunning_script\r\n*6\r\n$4\r\nname\r\n$3\r\ninf\r\n$7\r\ncommand\r\n*3\r\n$5\r\nFCALL\r\n$3\r\ninf\r\n$1\r\n0\r\n$11\r\nduration_ms\r\n:0\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n',
    )
    expect(stats[2]).toBe('+OK\r\n')
  })
})

describe('the in-process client', () => {
  test('takes a script engine through the scripting option', () => {
    const r = new Redlet({ scripting: installLua, autoTick: false })
    expect(r.call('EVAL', "return redis.call('incr', KEYS[1])", 1, 'n')).toBe(1)
    expect(r.call('EVAL', 'return {1, "two", {ok="OK"}}', 0)).toEqual([1, 'two', 'OK'])
    expect(() => r.call('EVAL', 'error("boom")', 0)).toThrow(/ERR user_script:1: boom script: /)
    expect(r.client().call('EVAL', 'return 2', 0)).toBe(2)
  })
})
