/** A RouterOS `!trap`: thrown by device commands, sent as `!trap` + `!done` by the API server. */
export class Trap extends Error {
  override readonly name = 'Trap'
  readonly category: number | undefined
  constructor(message: string, category?: number) {
    super(message)
    this.category = category
  }
}

/** The messages the simulator uses, in one place. */
export const TRAP = {
  noSuchCommandPrefix: () => new Trap('no such command prefix', 0),
  noSuchCommand: () => new Trap('no such command', 0),
  noSuchItem: () => new Trap('no such item', 0),
  notEnoughPermissions: () => new Trap('not enough permissions (9)', 4),
  unknownParameter: (name: string) => new Trap(`unknown parameter ${name}`, 1),
  invalidValue: (name: string) => new Trap(`invalid value for argument ${name}`, 1),
  noMatch: (name: string) => new Trap(`input does not match any value of ${name}`, 1),
  alreadyHaveName: () => new Trap('failure: already have such name', 4),
  alreadyHaveAddress: () => new Trap('failure: already have such address', 4),
  missing: (name: string) => new Trap(`failure: ${name} not specified`, 4),
  interrupted: () => new Trap('interrupted', 2),
} as const
