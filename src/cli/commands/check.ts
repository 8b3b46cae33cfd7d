import type { CommandContext } from '../context';
import { UserError, EXIT } from '../errors';

/** `portside check`: not built yet. */
export function runCheck(_context: CommandContext): number {
  throw new UserError('portside check is not built yet', 'see issue 5', EXIT.failed);
}
