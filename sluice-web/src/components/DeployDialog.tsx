import { Modal } from 'antd';
import type { Job } from '../api/types';

export interface DeployDialogProps {
  job: Job;
  open: boolean;
  onClose: () => void;
  /** Called with the job as the server answered the deploy. */
  onDeployed: (job: Job) => void;
}

/** Deploy with a restore choice and the per-statement restore plan (filled in by the deploy work). */
export function DeployDialog({ job, open, onClose }: DeployDialogProps) {
  return (
    <Modal open={open} onCancel={onClose} title={`Deploy ${job.name}`} footer={null}>
      Deploy is not built yet.
    </Modal>
  );
}
