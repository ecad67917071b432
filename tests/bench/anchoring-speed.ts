export async function runSpeedBenchmark(_o: { json: boolean }): Promise<void> {}
