export {
  type ClassifierFactory,
  DEFAULT_MAX_FLOWS,
  type FlowClassifier,
  FlowTable,
  type FlowTableOptions,
} from './table.js';
export { allFlows, type Flow, flowAt, keyAddress, transportName } from './view.js';
