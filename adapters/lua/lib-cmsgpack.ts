import { lua, type State } from './lua-api.js'

export function openCmsgpack(L: State): void {
  lua.lua_newtable(L)
}
