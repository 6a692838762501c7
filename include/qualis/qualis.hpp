/// @file
/// @brief Umbrella header: includes every public qualis header.
#ifndef QUALIS_QUALIS_HPP
#define QUALIS_QUALIS_HPP

#include "qualis/assessment/model.hpp"
#include "qualis/assessment/run.hpp"
#include "qualis/assessment/uncertainty.hpp"
#include "qualis/config.hpp"
#include "qualis/error.hpp"
#include "qualis/model/cluster.hpp"
#include "qualis/model/framework.hpp"
#include "qualis/model/indicator.hpp"
#include "qualis/model/names.hpp"
#include "qualis/model/panel.hpp"
#include "qualis/model/period.hpp"
#include "qualis/model/region.hpp"
#include "qualis/model/steps.hpp"
#include "qualis/prepare/denominate.hpp"
#include "qualis/prepare/impute.hpp"
#include "qualis/prepare/outliers.hpp"
#include "qualis/prepare/screen.hpp"
#include "qualis/score/aggregate.hpp"
#include "qualis/score/ahp.hpp"
#include "qualis/score/audit.hpp"
#include "qualis/score/common.hpp"
#include "qualis/score/diagnosis.hpp"
#include "qualis/score/mcda.hpp"
#include "qualis/score/normalize.hpp"
#include "qualis/score/rank.hpp"
#include "qualis/score/step_index.hpp"
#include "qualis/score/weights.hpp"
#include "qualis/trend/batch.hpp"
#include "qualis/trend/change_point.hpp"
#include "qualis/trend/common.hpp"
#include "qualis/trend/forecast.hpp"
#include "qualis/trend/growth.hpp"
#include "qualis/trend/mann_kendall.hpp"
#include "qualis/trend/rank_dynamics.hpp"
#include "qualis/trend/regression.hpp"
#include "qualis/trend/sen.hpp"
#include "qualis/uncertainty/sampling.hpp"
#include "qualis/uncertainty/sobol.hpp"
#include "qualis/version.hpp"

/// @namespace qualis
/// @brief Everything public in qualis. The inline namespace `qualis::v1` carries the major version
/// in symbol names; users write `qualis::`.

#endif  // QUALIS_QUALIS_HPP
