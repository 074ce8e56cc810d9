import { expect, test } from 'vitest'
import { installLua } from '../../../adapters/lua/index.js'
import { testEngine } from '../../helpers/engine.js'

test('smoke', () => {
  const t = testEngine()
  installLua(t.engine)
  const c = t.client()
  const cases = [
    'return 1', 'return tostring(4/2)', "return redis.call('set','k','v')", "return redis.call('get','k')",
    'return x', 'error("boom")', 'return {1,2,{3}}', "return redis.call('nosuch')", 'local t = nil return t.x',
    'x = 1', 'return 2147483647 + 1', "return tostring(2^53)", 'return tostring(123456789012345)',
    "return string.format('%5.1f|%.0f %.0f %.0f', 2.25, 0.5, 1.5, 2.5)", 'return tostring(math.random())',
    "return {pcall(redis.call, 'get')}", "return redis.pcall('incr', 'k')", 'return #KEYS',
    "return loadstring('x=1')()", "return table.getn({1,2,3})", "return {unpack({1,2,3})}",
    "local co = coroutine.wrap(function() error('in co') end) co()", 'error(nil)', 'error(123)',
    "return redis.sha1hex('abc')", "return string.rep('x', 3)", "rawset(_G, 'x', 1)", "setmetatable(_G, nil)",
  ]
  for (const s of cases) console.log(JSON.stringify(s), '=>', JSON.stringify(c('EVAL', s, 0)))
  expect(c('EVAL', 'return 1', 0)).toBe(':1\r\n')
})
