/** Writes of reviews. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import type { OutputOf } from '@core/contract/index';
import { useChannelWrite, useWrite, type ChannelWriteOptions, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { findingQueries } from '../findings/queries';
import { operatorQueries } from '../operators/queries';
import { reviewQueries } from './queries';

/** A finished review may let waiting operators in: their table refreshes with the reviews. */
const reviewWrite = (): QueryKey[] => [reviewQueries.all(), operatorQueries.all()];

export interface FinishReview {
  how: 'complete' | 'skip';
  id: string;
  version: number;
  notes: string;
  findings: string;
}

/** Completes a review (notes, findings) or skips it (the notes are the reason); a first-week review is completed by useCompleteFirstWeek. */
export const useFinishReview = (o?: WriteOptions<OutputOf<'reviews.complete'> | OutputOf<'reviews.skip'>, FinishReview>) =>
  useWrite(
    ({ how, id, version, notes, findings }: FinishReview) =>
      how === 'complete' ? rpc('reviews.complete', { id, version, notes, findings }) : rpc('reviews.skip', { id, version, reason: notes }),
    reviewWrite(),
    o,
  );
export const useSnoozeReview = (o?: ChannelWriteOptions<'reviews.snooze'>) => useChannelWrite('reviews.snooze', reviewWrite(), o);
export const useAssignReview = (o?: ChannelWriteOptions<'reviews.assign'>) => useChannelWrite('reviews.assign', reviewWrite(), o);
export const useSetSchedule = (o?: ChannelWriteOptions<'reviews.setSchedule'>) => useChannelWrite('reviews.setSchedule', reviewWrite(), o);
/** Completes a first-week review from its review screen (the five areas' notes); its tab refreshes with the reviews. */
export const useCompleteFirstWeek = (o?: ChannelWriteOptions<'reviews.completeFirstWeek'>) =>
  useChannelWrite('reviews.completeFirstWeek', [...reviewWrite(), findingQueries.all()], o);
