/**
 * Deployment objects and their statuses as state changes, shared by the REST routes (a client's
 * `POST /deployments`) and the engine (the object GitHub creates for a job that references an
 * environment). A `success` status marks the environment's earlier successful deployments
 * `inactive` unless `auto_inactive` is false or the environment is transient — REST "Create a
 * deployment status": https://docs.github.com/rest/deployments/statuses#create-a-deployment-status
 */
import type { Engine } from "./engine.js";
import type { DeploymentState, DeploymentStatusState } from "./state.js";

export function statusesOf(engine: Engine, deploymentId: number): DeploymentStatusState[] {
  return [...engine.state.statuses.values()].filter((s) => s.deploymentId === deploymentId).sort((a, b) => b.id - a.id);
}

export interface NewStatus {
  readonly state: DeploymentStatusState["state"];
  readonly description: string;
  readonly logUrl: string;
  readonly environmentUrl: string;
  readonly environment?: string;
  readonly autoInactive?: boolean;
}

export function addDeploymentStatus(engine: Engine, deployment: DeploymentState, status: NewStatus): DeploymentStatusState {
  const now = engine.now();
  const add = (target: DeploymentState, value: DeploymentStatusState["state"], text: string, log: string, url: string, env: string): DeploymentStatusState => {
    const created: DeploymentStatusState = {
      id: engine.ids.take("status"),
      deploymentId: target.id,
      state: value,
      description: text,
      environment: env,
      logUrl: log,
      environmentUrl: url,
      createdAt: now,
    };
    engine.state.statuses.set(created.id, created);
    target.updatedAt = now;
    return created;
  };
  const created = add(deployment, status.state, status.description, status.logUrl, status.environmentUrl, status.environment ?? deployment.environment);
  if (status.state === "success" && status.autoInactive !== false && !deployment.transientEnvironment) {
    for (const other of engine.state.deployments.values()) {
      if (other.id === deployment.id || other.environment !== deployment.environment) continue;
      if (statusesOf(engine, other.id)[0]?.state === "success") add(other, "inactive", "", "", "", other.environment);
    }
  }
  return created;
}

export function addDeployment(engine: Engine, fields: Omit<DeploymentState, "id" | "createdAt" | "updatedAt">): DeploymentState {
  const now = engine.now();
  const deployment: DeploymentState = { id: engine.ids.take("deployment"), ...fields, createdAt: now, updatedAt: now };
  engine.state.deployments.set(deployment.id, deployment);
  return deployment;
}
