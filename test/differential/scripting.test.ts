import { test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'

describeDiff('EVAL, EVALSHA and SCRIPT against redis-server', () => {
  const d = useDifferential()

  test('EVAL returns values converted from Lua', async () => {
    for (const s of [
      'return 1',
      'return 3.99',
      'return -3.99',
      "return '3.99'",
      'return true',
      'return false',
      'return nil',
      'return {1,2,3,"x",nil,4}',
      'return {1,{2,{3}},true,false}',
      'return {x=1}',
      'return {}',
      'return 1/0',
      'return 0/0',
      'return -1/0',
      'return 9223372036854775807',
      'return -9223372036854775808',
      'return 1e30',
      'return 2^53 + 1',
      'return 2147483647 + 1',
      'return {err="boom"}',
      'return {err="ERR boom"}',
      'return {err="-MYERR x"}',
      'return {err="a\\r\\nb"}',
      'return {err=12}',
      'return {ok="FINE"}',
      'return {ok="a\\r\\nb"}',
      'return {ok=12}',
      'return {err="x", ok="y"}',
      'return {double=3.5}',
      'return {double=0.1}',
      'return {double=1/0}',
      'return {double="3.5"}',
      'return {map={a=1}}',
      'return {map={}}',
      'return {set={a=true}}',
      'return {big_number="123456789012345678901234567890"}',
      'return {big_number=5}',
      'return {verbatim_string={format="txt",string="hello"}}',
      'return {verbatim_string={format="txt"}}',
      'return cjson.null',
      'return {1, cjson.null, 3}',
      'return redis.error_reply("boom")',
      'return redis.error_reply("MYERR boom")',
      'return redis.error_reply("-MYERR boom")',
      'return redis.error_reply("-boom")',
      'return redis.error_reply("")',
      'return redis.error_reply(123)',
      'return redis.error_reply()',
      'return redis.status_reply("FINE")',
      'return redis.status_reply()',
      'return redis.status_reply(12)',
      'local t = redis.error_reply("x") return {type(t), t.err}',
      'local t = redis.status_reply("x") return {type(t), t.ok}',
    ]) {
      await d.same('EVAL', s, '0')
    }
  })

  test('RESP3 callers get RESP3 types from scripts', async () => {
    await d.both('HELLO', '3')
    for (const s of [
      'return true',
      'return false',
      'return nil',
      'return {1,nil,3}',
      'return {true,false}',
      'return {double=3.5}',
      'return {double=0.1}',
      'return {double=-0.0}',
      'return {double=1/0}',
      'return {map={a=1}}',
      'return {map={a={1,2}}}',
      'return {map={a=false}}',
      'return {map={}}',
      'return {set={a=true}}',
      'return {set={}}',
      'return {big_number="123456789012345678901234567890"}',
      'return {verbatim_string={format="txt",string="hello"}}',
      'return {verbatim_string={format="markdown",string="x"}}',
      'return cjson.null',
      'return {ok="x"}',
      'return {err="x"}',
    ]) {
      await d.same('EVAL', s, '0')
    }
    await d.both('HELLO', '2')
  })

  test('redis.call and redis.pcall run commands and convert their replies', async () => {
    await d.same('EVAL', "return redis.call('set', KEYS[1], ARGV[1])", '1', 'k', 'v')
    await d.same('EVAL', "return redis.call('get', KEYS[1])", '1', 'k')
    await d.same('EVAL', "return redis.call('GET', 'k')", '0')
    await d.same('EVAL', "return redis.call('incr', 'n')", '0')
    await d.same('EVAL', "return redis.call('ping')", '0')
    await d.same('EVAL', "local r = redis.call('ping') return {type(r), r.ok}", '0')
    await d.same('EVAL', "return tostring(redis.call('get', 'nokey'))", '0')
    await d.same('EVAL', "return redis.call('mget', 'k', 'nokey', 'n')", '0')
    await d.same('EVAL', "local r = redis.call('mget', 'k', 'nokey') return {#r, tostring(r[2])}", '0')
    await d.same('EVAL', "return redis.call('exists', 'nope')", '0')
    await d.same('EVAL', "return redis.call('set', 'f', 3.7)", '0')
    await d.same('GET', 'f')
    await d.same('EVAL', "return redis.call('set', 'f', 1e20)", '0')
    await d.same('GET', 'f')
    await d.same('EVAL', "return redis.call('set', 'f', -0.5)", '0')
    await d.same('GET', 'f')
    await d.same('EVAL', "return redis.call('set', 'f', 10)", '0')
    await d.same('GET', 'f')
    await d.same('EVAL', 'return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}', '2', 'a', 'b', 'c')
    await d.same('EVAL', 'KEYS[1] = "x" return KEYS[1]', '1', 'a')
    await d.same('EVAL', 'table.insert(ARGV, "z") return ARGV', '0', 'y')
    await d.same('EVAL', "return redis.call('set', 'bin', '\\0\\255')", '0')
    await d.same('EVAL', "return redis.call('get', 'bin')", '0')
    await d.same('EVAL', 'return ARGV[1]', '0', '\x00\xff\r\n')
    await d.same('SET', 's', 'x')
    await d.same('EVAL', "return redis.pcall('incr', 's')", '0')
    await d.same('EVAL', "local e = redis.pcall('lpush', 's', 'x') return e.err", '0')
    await d.same('EVAL', "local t = {} for k, v in pairs(redis.pcall('lpush', 's', 'x')) do t[#t+1] = k .. '=' .. tostring(v) end table.sort(t) return t", '0')
    await d.same('EVAL', "local ok, e = pcall(redis.call, 'incr', 's') return {tostring(ok), e}", '0')
    await d.same('EVAL', "local ok, e = pcall(redis.call, 'incr', 's') return {err=e}", '0')
  })

  test('errors from redis.call carry the script and the line', async () => {
    await d.same('SET', 's', 'x')
    for (const s of [
      "return redis.call('incr', 's')",
      "\n\nreturn redis.call('lpush', 's', 'x')",
      "return redis.call('nosuch')",
      "return redis.call('get')",
      "return redis.call('config')",
      "return redis.call('config', 'nosuch')",
      'return redis.call()',
      'return redis.call({})',
      "return redis.call('get', {})",
      "return redis.call('get', nil)",
      "return redis.call('get', true)",
      "return redis.call('multi')",
      "return redis.call('eval', 'return 1', '0')",
      "return redis.call('subscribe', 'x')",
      "return redis.call('script', 'load', 'return 1')",
      "return redis.call('function', 'list')",
      "redis.call('select', '99')",
      'return redis.pcall()',
      "return redis.pcall('nosuch')",
      "return redis.pcall('get', {})",
      "return redis.pcall('multi')",
      "local ok, e = pcall(redis.call, 'get') return e",
      "local ok, e = pcall(redis.call, 'nosuch') return e",
      "local co = coroutine.wrap(function() redis.call('incr', 's', 'x') end) co()",
      "return {coroutine.resume(coroutine.create(function() redis.call('nosuch') end))}",
    ]) {
      await d.same('EVAL', s, '0')
    }
  })

  test('SELECT inside a script stays inside it', async () => {
    await d.same('EVAL', "return redis.call('select', '1')", '0')
    await d.same('EVAL', "redis.call('select', '1') return redis.call('set', 'dbk', '1')", '0')
    await d.same('EXISTS', 'dbk')
    await d.same('SELECT', '1')
    await d.same('EXISTS', 'dbk')
    await d.same('EVAL', "return redis.call('exists', 'dbk')", '0')
    await d.same('SELECT', '0')
  })

  test('EVAL_RO and no-writes scripts refuse writes', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('EVAL_RO', "return redis.call('get', 'k')", '0')
    await d.same('EVAL_RO', "return redis.call('set', 'k', 'v')", '0')
    await d.same('EVAL_RO', "return redis.pcall('set', 'k', 'v')", '0')
    await d.same('EVAL_RO', "return redis.call('publish', 'ch', 'x')", '0')
    await d.same('EVAL_RO', '#!lua flags=no-writes\nreturn 1', '0')
    await d.sameError('EVAL_RO', '#!lua\nreturn 1', '0')
    await d.sameError('EVAL_RO', 'return 1', '-1')
    await d.sameError('EVAL_RO')
    await d.same('EVAL', "#!lua flags=no-writes\nreturn redis.call('set', 'k', 'v')", '0')
    await d.same('EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'k')", '0')
    await d.same('EVAL', "#!lua\nreturn redis.call('set', 'k', 'v')", '0')
    await d.same('EVAL', '#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1', '0')
    await d.same('EVAL', '#!lua flags=\nreturn 1', '0')
    await d.same('EVAL', '#!lua  flags=no-writes \nreturn 1', '0')
    await d.same('EVAL', '#!lua\nreturn x', '0')
    for (const s of ['#!lua name=x\nreturn 1', '#!lua flags=bad\nreturn 1', '#!js\nreturn 1', '#!\nreturn 1', '#!lua flags=no-writes', '#!lua foo\nreturn 1', '#!luax\nreturn 1', '#!LUA\nreturn 1', '#!lua\n\nreturn +']) {
      await d.sameError('EVAL', s, '0')
    }
  })

  test('EVAL argument errors', async () => {
    await d.sameError('EVAL', 'return 1')
    await d.sameError('EVAL', 'return 1', '-1')
    await d.sameError('EVAL', 'return 1', '1')
    await d.sameError('EVAL', 'return 1', 'x')
    await d.sameError('EVAL', 'return 1', '99999999999999999999')
    await d.sameError('EVAL', 'return 1', '2147483648', 'a')
    await d.sameError('EVAL', 'return 1', '-0')
    await d.sameError('EVAL', 'return 1', '+1', 'a')
    await d.sameError('EVAL', 'return +', '0')
    await d.sameError('EVAL', 'return 1 +', '0')
    await d.sameError('EVAL', 'local function', '0')
    await d.sameError('EVAL', 'if true then', '0')
    await d.sameError('EVAL', 'x = "abc', '0')
  })

  test('SCRIPT LOAD, EXISTS, EVALSHA, EVALSHA_RO and FLUSH', async () => {
    await d.same('SCRIPT', 'FLUSH')
    await d.same('SCRIPT', 'LOAD', 'return 1')
    await d.same('SCRIPT', 'LOAD', "return redis.call('get', KEYS[1])")
    await d.sameError('SCRIPT', 'LOAD', 'return +')
    await d.sameError('SCRIPT', 'LOAD', '#!lua flags=bad\nreturn 1')
    await d.sameError('SCRIPT', 'LOAD')
    await d.same('SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0000000000000000000000000000000000000000')
    await d.same('SCRIPT', 'EXISTS', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB')
    await d.sameError('SCRIPT', 'EXISTS')
    await d.same('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0')
    await d.same('EVALSHA', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', '0')
    await d.same('EVALSHA_RO', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0')
    await d.same('SET', 'k', 'v')
    await d.same('EVALSHA', 'a7c4a9e8e5c7ed5a1d2a0a0f1d0b4b77a6a9d3f8', '0')
    await d.sameError('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8dbxx', '0')
    await d.sameError('EVALSHA', 'x', 'y')
    await d.sameError('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '-1')
    await d.sameError('EVALSHA_RO', '0000000000000000000000000000000000000000', '0')
    await d.same('EVAL', 'return 2', '0')
    await d.same('SCRIPT', 'EXISTS', '7f923f79fe76194c868d7e1d0820de36700eb649')
    await d.same('SCRIPT', 'FLUSH', 'ASYNC')
    await d.same('SCRIPT', 'EXISTS', '7f923f79fe76194c868d7e1d0820de36700eb649')
    await d.same('SCRIPT', 'FLUSH', 'SYNC')
    await d.same('SCRIPT', 'FLUSH', 'sync')
    await d.sameError('SCRIPT', 'FLUSH', 'x')
    await d.sameError('SCRIPT', 'FLUSH', 'sync', 'async')
    await d.sameError('EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0')
  })

  test('SCRIPT KILL, DEBUG, HELP and unknown subcommands', async () => {
    await d.sameError('SCRIPT', 'KILL')
    await d.sameError('SCRIPT', 'KILL', 'x')
    await d.same('SCRIPT', 'HELP')
    await d.sameError('SCRIPT', 'HELP', 'x')
    await d.same('SCRIPT', 'DEBUG', 'NO')
    await d.sameError('SCRIPT', 'DEBUG', 'foo')
    await d.sameError('SCRIPT', 'DEBUG')
    await d.sameError('SCRIPT', 'nosuch')
    await d.sameError('SCRIPT')
  })

  test('scripts inside MULTI/EXEC', async () => {
    await d.same('MULTI')
    await d.same('EVAL', "return redis.call('incr', 'm')", '0')
    await d.same('EVAL', "return redis.call('incr', 'm')", '0')
    await d.same('EXEC')
  })

  test('COMMAND INFO of the scripting commands', async () => {
    for (const c of ['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']) await d.same('COMMAND', 'INFO', c)
    // subcommands come in Redis's hash order, which changes from run to run
    for (const c of ['script', 'function']) await d.sameSorted('COMMAND', 'INFO', c)
  })
})
