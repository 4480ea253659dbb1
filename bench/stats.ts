// Small statistics the benchmarks print.

/** The middle value (of an even count, the upper of the two middle ones). */
export const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
