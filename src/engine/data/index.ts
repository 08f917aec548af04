/** CSV loading for training: parse, infer column types, select, split and preprocess. */
export { parseCsv } from './parseCsv';
export type { CsvTable, CsvColumn, NumericColumn, CategoricalColumn, ColumnType, InvalidCells, ParseCsvOptions } from './parseCsv';
export { summarizeCsv, summarizeTable } from './summarizeCsv';
export type { CsvSummary, ColumnSummary } from './summarizeCsv';
export { loadCsv, selectDataset, compareLabels, MISSING_POLICIES, MAX_CLASSES, MAX_LEVELS } from './dataset';
export type { Dataset, DatasetOptions, FeatureColumn, Target, MissingPolicy, TargetKind } from './dataset';
export { splitRows } from './split';
export type { Split } from './split';
export { fitPreprocessing, encodeFeatures, encodeTarget, encodeRawRows, inputWidth } from './preprocess';
export type { Preprocessing, FeatureSpec, TargetSpec, RawRow } from './preprocess';
export { detectDelimiter, DELIMITERS } from './detectDelimiter';
export type { Delimiter } from './detectDelimiter';
export { parseNumber } from './parseNumber';
export type { CsvInput } from './text';
