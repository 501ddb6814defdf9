/** Defaults the models share. */
import { LOAD_FIELDS } from '../load';

export const DEFAULT_SERVICE_MS = LOAD_FIELDS.serviceMs.default as number;
