// The operation's tallies: the live figures (their asOfSeq is where the live session starts) and,
// once closed, the frozen snapshot.
export { refetchFrozenTallies, tallyKeys, talliesQueryOptions, useTallies } from './api/get-tallies';
export { useOperationTallies } from './use-operation-tallies';
