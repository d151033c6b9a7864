import type { AppRouter } from '@paydesk/api/router';
import type { inferRouterOutputs } from '@trpc/server';

export type AnalyticsOutputs = inferRouterOutputs<AppRouter>['analytics'];
export type SummaryData = AnalyticsOutputs['summary'];
export type ConversionData = AnalyticsOutputs['conversion'];
export type FailuresData = AnalyticsOutputs['failures'];
export type FailureCodesData = AnalyticsOutputs['failureCodes'];
export type FunnelData = AnalyticsOutputs['funnel'];
export type RangeInfo = SummaryData['range'];
