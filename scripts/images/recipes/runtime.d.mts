// Types for runtime.mjs: the images of the batch operators.
export const RUNTIME_DIR: string;
export const OPERATORS: string[];
declare const recipes: import('../catalogue.mjs').Recipe[];
export default recipes;
