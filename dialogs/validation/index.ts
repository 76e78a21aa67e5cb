export * from './reasons.js';
export * from './ico.js';
export * from './vatId.js';
export * from './currency.js';
export * from './amount.js';
export * from './date.js';
export * from './text.js';
export { MAX_ANSWER_LENGTH, foldKeepingLength, tidyAnswer } from './input.js';
