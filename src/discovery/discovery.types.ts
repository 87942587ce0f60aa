// View models of discovery (what views and the JSON API may import).
import type { CandidateSource, CandidateState, DiscoveryScanState } from '../db/schema-discovery.ts'

export type { CandidateSource, CandidateState, DiscoveryScanState }

export interface ScanView {
  id: string
  cidr: string
  ports: number[]
  state: DiscoveryScanState
  total: number
  probed: number
  found: number
  note: string | null
  createdBy: string
  createdAt: number
  finishedAt: number | null
}

export interface CandidateView {
  id: string
  address: string | null
  mac: string | null
  identity: string | null
  version: string | null
  platform: string | null
  board: string | null
  interfaceName: string | null
  ipv6: string | null
  uptimeS: number | null
  openPorts: number[]
  /** how RouterOS was recognised, null when it was not */
  routeros: string | null
  sources: CandidateSource[]
  reportedBy: string | null
  state: CandidateState
  /** the device that already manages this address (adopted here or added by hand) */
  managed: { id: string; name: string } | null
  firstSeenAt: number
  lastSeenAt: number
}

export interface RangeView {
  id: string
  cidr: string
  createdAt: number
}

export interface AdoptOutcome {
  candidateId: string
  ok: boolean
  deviceId: string | null
  /** why it was not adopted, in plain words (the add-device check's message) */
  message: string | null
}

export interface DiscoveryOverview {
  candidates: CandidateView[]
  scans: ScanView[]
  ranges: RangeView[]
}
