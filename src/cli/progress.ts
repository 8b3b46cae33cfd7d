/**
 * Progress of long steps (synthesis, checks, rendering) on standard error, only when it is a
 * terminal: piped or CI output stays exactly the command's result.
 */
export interface Progress {
  /** Starts a step; the previous one is done. */
  step(label: string): void;
  /** Ends the last step and clears the line. */
  done(): void;
}

export function progress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    return { step: () => undefined, done: () => undefined };
  }
  let started = 0;
  let current = '';
  const clear = () => stream.write('\r\u001b[2K');
  return {
    step(label: string) {
      if (current) {
        clear();
        stream.write(`✓ ${current} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
      current = label;
      started = Date.now();
      stream.write(`… ${label}`);
    },
    done() {
      if (current) {
        clear();
        stream.write(`✓ ${current} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
      current = '';
    },
  };
}
