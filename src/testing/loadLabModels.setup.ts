import { loadAllLabModels } from '../labs';

// Each lab's model is imported on demand (the page's first load holds none); tests build runs of
// any lab and parse scenarios whose tours are checked against the models, so load them all first.
await loadAllLabModels();
