import type { CommandContext } from '../context';
import { UserError, EXIT } from '../errors';

/** `portside report`: not built yet. */
export function runReport(_context: CommandContext): number {
  throw new UserError('portside report is not built yet', 'see issue 5', EXIT.failed);
}
