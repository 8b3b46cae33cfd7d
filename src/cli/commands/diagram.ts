import type { CommandContext } from '../context';
import { UserError, EXIT } from '../errors';

/** `portside diagram`: not built yet. */
export function runDiagram(_context: CommandContext): number {
  throw new UserError('portside diagram is not built yet', 'see issue 5', EXIT.failed);
}
