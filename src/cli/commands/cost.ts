import type { CommandContext } from '../context';
import { UserError, EXIT } from '../errors';

/** `portside cost`: not built yet. */
export function runCost(_context: CommandContext): number {
  throw new UserError('portside cost is not built yet', 'see issue 5', EXIT.failed);
}
