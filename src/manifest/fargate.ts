import { listText } from './text';

/** Memory sizes (MiB) Fargate accepts for each CPU size (units of 1/1024 vCPU), Linux tasks. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

/** Every Fargate CPU size, ascending. */
export const FARGATE_CPUS: readonly number[] = [...FARGATE_SIZES.keys()];

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) {
    values.push(value);
  }
  return values;
}

export function isFargateSize(cpu: number, memoryMiB: number): boolean {
  return FARGATE_SIZES.get(cpu)?.includes(memoryMiB) ?? false;
}

/** The CPU sizes that can run a task with this much memory. */
export function cpusForMemory(memoryMiB: number): number[] {
  return FARGATE_CPUS.filter((cpu) => isFargateSize(cpu, memoryMiB));
}

/** The memory a CPU size takes, as text: `512, 1024 or 2048`, `8192–30720 in steps of 1024`. */
export function memoryText(cpu: number): string {
  const sizes = FARGATE_SIZES.get(cpu) ?? [];
  if (sizes.length <= 4) {
    return listText(sizes);
  }
  return `${sizes[0]}–${sizes[sizes.length - 1]} in steps of ${sizes[1]! - sizes[0]!}`;
}
