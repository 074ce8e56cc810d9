/**
 * The Node adapter: a RESP server over TCP that real Redis clients use unmodified.
 *
 * @example
 * ```ts
 * import { startServer } from 'redlet/node'
 * const { port, close } = await startServer({ port: 0 })
 * ```
 */
export { startServer, type RunningServer, type ServerOptions } from './server.js'
export { main } from './cli.js'
export { parseArgs, parseConfigText } from './conf.js'
export * from '../../src/index.js'
