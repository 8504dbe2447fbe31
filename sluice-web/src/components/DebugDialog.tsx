import { Modal } from 'antd';
import type { Job } from '../api/types';

export interface DebugDialogProps {
  job: Job;
  /** The script to debug: the editor's current text, saved or not. */
  script: string;
  open: boolean;
  onClose: () => void;
  /** Called with the id of the debug run the server started; the caller opens /debug/{runId}. */
  onStarted: (runId: string) => void;
}

/** Choose sample rows or live input per source table and start a debug run (filled in by the debug work). */
export function DebugDialog({ job, open, onClose }: DebugDialogProps) {
  return (
    <Modal open={open} onCancel={onClose} title={`Debug ${job.name}`} footer={null}>
      Debug is not built yet.
    </Modal>
  );
}
