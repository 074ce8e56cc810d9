// https://redis.io/commands/?group=list
import type { CommandSpec } from './define.js'

export const listCommands: readonly CommandSpec[] = []
