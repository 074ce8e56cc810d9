import { describe, expect, test } from 'vitest'
import { installLua } from '../../../adapters/lua/index.js'
import { dumpFunctions, parseFunctionDump } from '../../../src/commands/scripting-dump.js'
import { testEngine, type TestClient } from '../../helpers/engine.js'

function client(proto?: 2 | 3): TestClient {
  const t = testEngine()
  installLua(t.engine)
  return t.client(proto === 3 ? { proto: 3 } : {})
}

const ECHO = "#!lua name=mylib\nredis.register_function('echo', function(keys, args) return args[1] end)"
const RO = "#!lua name=ro\nredis.register_function{function_name='get', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads'}"

describe('FCALL', () => {
  test('calls a function with keys and args', () => {
    const c = client()
    expect(c('FUNCTION', 'LOAD', ECHO)).toBe('$5\r\nmylib\r\n')
    expect(c('FCALL', 'echo', 0, 'hi')).toBe('$2\r\nhi\r\n')
    expect(c('FCALL', 'echo', 1, 'k', 'hi')).toBe('$2\r\nhi\r\n')
  })

  test('errors', () => {
    const c = client()
    c('FUNCTION', 'LOAD', ECHO)
    expect(c('FCALL', 'nope', 0)).toBe('-ERR Function not found\r\n')
    expect(c('FCALL', 'echo', 'x')).toBe('-ERR Bad number of keys provided\r\n')
    expect(c('FCALL', 'echo', -1)).toBe("-ERR Number of keys can't be negative\r\n")
    expect(c('FCALL', 'echo', 3)).toBe("-ERR Number of keys can't be greater than number of args\r\n")
    expect(c('FCALL', 'echo')).toBe("-ERR wrong number of arguments for 'fcall' command\r\n")
    c('FUNCTION', 'LOAD', "#!lua name=e\nredis.register_function('boom', function()\n error('boom') end)")
    expect(c('FCALL', 'boom', 0)).toBe('-ERR user_function:3: boom script: boom, on @user_function:3.\r\n')
  })
})

describe('FCALL_RO', () => {
  test('runs no-writes functions only', () => {
    const c = client()
    c('FUNCTION', 'LOAD', ECHO)
    c('FUNCTION', 'LOAD', RO)
    c('SET', 'k', 'v')
    expect(c('FCALL_RO', 'get', 1, 'k')).toBe('$1\r\nv\r\n')
    expect(c('FCALL_RO', 'echo', 0, 'x')).toBe('-ERR Can not execute a script with write flag using *_ro command.\r\n')
    c('FUNCTION', 'LOAD', "#!lua name=w\nredis.register_function{function_name='w', callback=function() return redis.call('set', 'a', 'b') end, flags={'no-writes'}}")
    expect(c('FCALL', 'w', 0)).toBe('-ERR Write commands are not allowed from read-only scripts. script: w, on @user_function:2.\r\n')
  })
})

describe('FUNCTION LOAD', () => {
  test('loads, refuses duplicates, and replaces', () => {
    const c = client()
    expect(c('FUNCTION', 'LOAD', ECHO)).toBe('$5\r\nmylib\r\n')
    expect(c('FUNCTION', 'LOAD', ECHO)).toBe("-ERR Library 'mylib' already exists\r\n")
    expect(c('FUNCTION', 'LOAD', 'REPLACE', ECHO.replace('args[1]', "'v2'"))).toBe('$5\r\nmylib\r\n')
    expect(c('FCALL', 'echo', 0, 'x')).toBe('$2\r\nv2\r\n')
    expect(c('FUNCTION', 'LOAD', ECHO.replace('mylib', 'other'))).toBe('-ERR Function echo already exists\r\n')
    expect(c('FUNCTION', 'LOAD', 'NOW', ECHO)).toBe('-ERR Unknown option given: NOW\r\n')
  })

  test('metadata and registration errors', () => {
    const c = client()
    expect(c('FUNCTION', 'LOAD', 'return 1')).toBe('-ERR Missing library metadata\r\n')
    expect(c('FUNCTION', 'LOAD', '#!lua name=x')).toBe('-ERR Invalid library metadata\r\n')
    expect(c('FUNCTION', 'LOAD', '#!lua\nreturn 1')).toBe('-ERR Library name was not given\r\n')
    expect(c('FUNCTION', 'LOAD', '#!js name=x\nreturn 1')).toBe("-ERR Engine 'js' not found\r\n")
    expect(c('FUNCTION', 'LOAD', '#!lua name=x\nreturn 1')).toBe('-ERR No functions registered\r\n')
    expect(c('FUNCTION', 'LOAD', '#!lua name=x\nreturn +')).toBe("-ERR Error compiling function: user_function:2: unexpected symbol near '+'\r\n")
    expect(c('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f')")).toBe(
      '-ERR Error registering functions: ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).\r\n',
    )
    expect(c('FUNCTION', 'LOAD', "#!lua name=x\nredis.call('ping')")).toBe(
      "-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'\r\n",
    )
  })

  test('functions defined at load time see the run-time globals', () => {
    const c = client()
    c('FUNCTION', 'LOAD', "#!lua name=g\nlocal function v() return type(redis.call) .. type(cjson) end\nredis.register_function('v', v)")
    expect(c('FCALL', 'v', 0)).toBe('$13\r\nfunctiontable\r\n')
  })
})

describe('FUNCTION LIST', () => {
  test('lists libraries, filtered, with code', () => {
    const c = client()
    c('FUNCTION', 'LOAD', RO)
    expect(c('FUNCTION', 'LIST')).toBe(
      '*1\r\n*6\r\n$12\r\nlibrary_name\r\n$2\r\nro\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$3\r\nget\r\n$11\r\ndescription\r\n$5\r\nreads\r\n$5\r\nflags\r\n*1\r\n+no-writes\r\n',
    )
    expect(c('FUNCTION', 'LIST', 'LIBRARYNAME', 'x*')).toBe('*0\r\n')
    expect(c('FUNCTION', 'LIST', 'WITHCODE')).toContain(`$12\r\nlibrary_code\r\n$${RO.length}\r\n${RO}\r\n`)
    expect(c('FUNCTION', 'LIST', 'LIBRARYNAME')).toBe('-ERR library name argument was not given\r\n')
    expect(c('FUNCTION', 'LIST', 'bogus')).toBe('-ERR Unknown argument bogus\r\n')
  })

  test('RESP3 maps and sets', () => {
    const c = client(3)
    c('FUNCTION', 'LOAD', RO)
    expect(c('FUNCTION', 'LIST')).toBe(
      '*1\r\n%3\r\n$12\r\nlibrary_name\r\n$2\r\nro\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nget\r\n$11\r\ndescription\r\n$5\r\nreads\r\n$5\r\nflags\r\n~1\r\n+no-writes\r\n',
    )
  })
})

describe('FUNCTION DELETE, FLUSH, STATS, KILL and HELP', () => {
  test('manage libraries', () => {
    const c = client()
    c('FUNCTION', 'LOAD', ECHO)
    expect(c('FUNCTION', 'STATS')).toBe(
      '*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n',
    )
    expect(c('FUNCTION', 'DELETE', 'mylib')).toBe('+OK\r\n')
    expect(c('FUNCTION', 'DELETE', 'mylib')).toBe('-ERR Library not found\r\n')
    c('FUNCTION', 'LOAD', ECHO)
    expect(c('FUNCTION', 'FLUSH', 'ASYNC')).toBe('+OK\r\n')
    expect(c('FCALL', 'echo', 0)).toBe('-ERR Function not found\r\n')
    expect(c('FUNCTION', 'FLUSH', 'SYNC')).toBe('+OK\r\n')
    expect(c('FUNCTION', 'FLUSH', 'later')).toBe('-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n')
    expect(c('FUNCTION', 'KILL')).toBe('-NOTBUSY No scripts in execution right now.\r\n')
    expect(c('FUNCTION', 'HELP')).toMatch(/^\*40\r\n\+FUNCTION <subcommand>/)
  })
})

describe('FUNCTION DUMP and RESTORE', () => {
  test('a dump restores into an empty server', () => {
    const c = client()
    c('FUNCTION', 'LOAD', ECHO)
    c('FUNCTION', 'LOAD', RO)
    const reply = c('FUNCTION', 'DUMP')
    const payload = reply.slice(reply.indexOf('\r\n') + 2, -2)
    const d = client()
    expect(d('FUNCTION', 'RESTORE', payload)).toBe('+OK\r\n')
    expect(d('FCALL', 'echo', 0, 'x')).toBe('$1\r\nx\r\n')
    expect(d('FUNCTION', 'RESTORE', payload)).toBe('-ERR Library mylib already exists\r\n')
    expect(d('FUNCTION', 'RESTORE', payload, 'REPLACE')).toBe('+OK\r\n')
    expect(d('FUNCTION', 'RESTORE', payload, 'FLUSH')).toBe('+OK\r\n')
    expect(d('FUNCTION', 'RESTORE', payload, 'MERGE')).toBe('-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n')
    expect(d('FUNCTION', 'RESTORE', payload.slice(1))).toBe('-ERR DUMP payload version or checksum are wrong\r\n')
  })

  test('the payload is Redis 7.0s: opcode 245, RDB strings, version 10, CRC-64', () => {
    // captured from redis-server 7.0.15
    expect(dumpFunctions([])).toBe('\x0a\x00\x5d\x9b\x5c\x40\x0f\x7f\xa2\xda')
    const code = "#!lua name=rl\nredis.register_function('rf', function() return 1 end)"
    const redis = '\xf5\x40\x44' + code + '\n\x00\xdd\xd7\x82(Q\xb1K\xfe'
    expect(dumpFunctions([code])).toBe(redis)
    expect(parseFunctionDump(redis)).toEqual({ codes: [code] })
    expect(parseFunctionDump('\xf6' + redis.slice(1))).toEqual({ error: 'payload' })
  })
})
