import type { Condition, ObjectMeta } from "./meta.ts";

/** autoscaling/v2 HorizontalPodAutoscaler on resource utilisation (controllers/podautoscaler). */
export interface HPAScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: "Max" | "Min" | "Disabled";
  policies?: HPAScalingPolicy[];
}

export interface ResourceMetricSpec {
  type: "Resource";
  resource: {
    name: "cpu" | "memory";
    target:
      | { type: "Utilization"; averageUtilization: number }
      | { type: "AverageValue"; averageValue: string };
  };
}

export type HPAConditionType = "AbleToScale" | "ScalingActive" | "ScalingLimited";

export interface HorizontalPodAutoscaler {
  apiVersion: "autoscaling/v2";
  kind: "HorizontalPodAutoscaler";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: ResourceMetricSpec[];
    behavior?: { scaleUp?: HPAScalingRules; scaleDown?: HPAScalingRules };
  };
  status: {
    observedGeneration?: number;
    lastScaleTime?: number;
    currentReplicas: number;
    desiredReplicas: number;
    currentMetrics: {
      type: "Resource";
      resource: { name: string; current: { averageUtilization?: number; averageValue: string } };
    }[];
    conditions: Condition<HPAConditionType>[];
  };
}
