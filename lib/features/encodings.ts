/** The encodings of the categorical columns a pipeline can use (see ./pipeline.ts). Kept apart so the browser's form imports no pipeline. */
export const ENCODINGS = ["none", "frequency", "target", "target-leaky", "onehot"] as const;
export type Encoding = (typeof ENCODINGS)[number];
