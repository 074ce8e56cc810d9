// https://redis.io/commands/?group=hash
import type { CommandSpec } from './define.js'

export const hashCommands: readonly CommandSpec[] = []
