import { test } from 'vitest'
import { startServer } from '../../../adapters/node-tcp/index.js'
import { RespClient, parseReply } from '../../../test/helpers/resp-client.js'
test('cmp', async () => {
  const srv = await startServer({ port: 0, persistence: false })
  const a = await RespClient.connect(7700), b = await RespClient.connect(srv.port)
  const cmds = JSON.parse(process.env.CMDS!)
  for (const c of cmds) {
    const [x, y] = await Promise.all([a.call(...c), b.call(...c)])
    const px = JSON.stringify(parseReply(x)), py = JSON.stringify(parseReply(y))
    if (px !== py) {
      console.log('DIFF', c.join(' '))
      const wx = new Set(px.split(/[ ",\[\]]+/)), wy = new Set(py.split(/[ ",\[\]]+/))
      console.log('  only redis:', [...wx].filter(w => !wy.has(w)).join(' '))
      console.log('  only redlet:', [...wy].filter(w => !wx.has(w)).join(' '))
    }
  }
  a.close(); b.close(); await srv.close()
})
