/** Starter code for the containers a design's user writes: pick the kinds, render them from templates. */
export * from './kinds';
export { renderComponentScaffold, renderScaffold, fillPlaceholders, type ComponentScaffold, type ScaffoldProject, type TemplateFiles } from './render';
export { placeholderValues, ScaffoldError } from './values';
export { componentAtOffset, starterCodeComponents } from './targets';
export { planScaffoldWrite, type WritePlan } from './plan';
