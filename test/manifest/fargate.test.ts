import { describe, expect, it } from 'vitest';
import { cpusForMemory, FARGATE_CPUS, isFargateSize, memoryText } from '../../src/manifest/fargate';

describe('Fargate sizes', () => {
  it.each([
    [256, 512], [256, 2048], [512, 1024], [512, 4096], [1024, 2048], [1024, 8192], [2048, 4096], [2048, 16384],
    [4096, 8192], [4096, 30720], [8192, 16384], [8192, 61440], [16384, 32768], [16384, 122880],
  ])('accepts cpu %i with memoryMiB %i', (cpu, memory) => {
    expect(isFargateSize(cpu, memory)).toBe(true);
  });

  it.each([
    [256, 4096], [512, 512], [512, 5120], [1024, 1024], [2048, 17408], [4096, 31744], [8192, 18432], [16384, 36864], [300, 1024],
  ])('rejects cpu %i with memoryMiB %i', (cpu, memory) => {
    expect(isFargateSize(cpu, memory)).toBe(false);
  });

  it('lists the cpus that fit a memory size', () => {
    expect(FARGATE_CPUS).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(cpusForMemory(1024)).toEqual([256, 512]);
    expect(cpusForMemory(16384)).toEqual([2048, 4096, 8192]);
    expect(cpusForMemory(3000)).toEqual([]);
  });

  it('describes the memory of a cpu as a list or a stepped range', () => {
    expect(memoryText(256)).toBe('512, 1024 or 2048');
    expect(memoryText(512)).toBe('1024, 2048, 3072 or 4096');
    expect(memoryText(16384)).toBe('32768–122880 in steps of 8192');
  });
});
