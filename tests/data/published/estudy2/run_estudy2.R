#!/usr/bin/env Rscript
# Driver: produce reference values with estudy2 (irudnyts/estudy2) sources.
# Only this file is our own code; everything under estudy2_src/ is the
# verbatim estudy2 source (see NOTES.md for the file ids / commits).
#
# Usage: Rscript run_estudy2.R   (run from this folder, with the estudy2 R sources in estudy2_src/)

suppressPackageStartupMessages({
    library(zoo)          # Debian r-cran-zoo
    library(matrixStats)  # Debian r-cran-matrixstats (estudy2 Imports it)
})

oracle_dir <- "."
src_dir <- file.path(oracle_dir, "estudy2_src")
input_csv <- file.path("..", "event_study_toolkit", "returns_2019-12-23_2020-03-23.csv")

# ---- source the estudy2 files (only what is needed; no Rcpp parts) ----
source(file.path(src_dir, "constants.R"))          # defines k_q1..k_q3
source(file.path(src_dir, "apply_market_model.R"))
source(file.path(src_dir, "parametric_tests.R"))
source(file.path(src_dir, "nonparametric_tests.R"))
source(file.path(src_dir, "car_parametric_tests.R"))
source(file.path(src_dir, "car_nonparametric_tests.R"))

# The test functions reference const_q1..const_q3, which are not defined in
# any text source file of the repository that we could read (in the package
# they come from internal data).  They only drive the '*' significance
# strings, never a statistic.  Defined here exactly like constants.R's k_q*:
const_q1 <- qnorm(1 - 0.10/2)
const_q2 <- qnorm(1 - 0.05/2)
const_q3 <- qnorm(1 - 0.01/2)

# ---- data ----
d <- read.csv(input_csv, stringsAsFactors = FALSE)
d$date <- as.Date(d$date)
firm_ids <- sort(unique(d$subject_id))
dates <- sort(unique(d$date))

wide <- reshape(d[, c("date", "subject_id", "ret_dlst_adj")],
                idvar = "date", timevar = "subject_id", direction = "wide")
wide <- wide[order(wide$date), ]
rate_mat <- as.matrix(wide[, paste0("ret_dlst_adj.", firm_ids)])
colnames(rate_mat) <- as.character(firm_ids)
rates <- zoo(rate_mat, order.by = wide$date)

mkt <- unique(d[, c("date", "vwretd")])
stopifnot(!any(duplicated(mkt$date)))          # one market return per date
mkt <- mkt[order(mkt$date), ]
regressor <- zoo(matrix(mkt$vwretd, ncol = 1,
                        dimnames = list(NULL, "vwretd")),
                 order.by = mkt$date)

estimation_start <- as.Date("2019-12-23")
estimation_end <- as.Date("2020-03-05")
stopifnot(sum(dates >= estimation_start & dates <= estimation_end) == 50)

securities_returns <- apply_market_model(
    rates = rates,
    regressors = regressor,
    same_regressor_for_all = TRUE,
    market_model = "sim",
    estimation_method = "ols",
    estimation_start = estimation_start,
    estimation_end = estimation_end
)
stopifnot(length(securities_returns) == 100)

fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

rows <- list()
add <- function(test_function, window, date, statistic_name, value) {
    rows[[length(rows) + 1]] <<- data.frame(
        test_function = test_function, window = window,
        date = as.character(date), statistic_name = statistic_name,
        value = fmt(as.numeric(value)), stringsAsFactors = FALSE)
}

windows <- list(
    c("2020-03-20", "2020-03-23"),   # 2 trading days
    c("2020-03-19", "2020-03-23")    # 3 trading days
)

daily_param <- list(
    brown_warner_1980 = c("bw_1980_stat"),
    brown_warner_1985 = c("bw_1985_stat"),
    t_test = c("t_test_stat"),
    patell = c("pt_stat"),
    boehmer = c("bh_stat"),
    lamb = c("lmb_stat")
)
daily_nonparam <- list(
    sign_test = "sign_stat",
    generalized_sign_test = "gsign_stat",
    corrado_sign_test = "csign_stat",
    rank_test = "rank_stat",
    modified_rank_test = "mrank_stat",
    wilcoxon_test = "wlcx_stat"
)

for (w in windows) {
    ev_start <- as.Date(w[1]); ev_end <- as.Date(w[2])
    wlabel <- paste0(w[1], "..", w[2])

    # aggregated calls, exactly as requested
    pt <- suppressMessages(parametric_tests(securities_returns, ev_start,
                                            ev_end, all = TRUE))
    npt <- suppressMessages(nonparametric_tests(securities_returns, ev_start,
                                                ev_end, all = TRUE))

    for (fn in names(daily_param)) {
        res <- suppressMessages(get(fn)(securities_returns, ev_start, ev_end))
        col <- daily_param[[fn]]
        # consistency with the aggregated table
        stopifnot(isTRUE(all.equal(res[[col]],
                                   pt[[col]][match(res$date, pt$date)],
                                   tolerance = 0)))
        for (k in seq_len(nrow(res))) {
            add(fn, wlabel, res$date[k], "percentage", res$percentage[k])
            add(fn, wlabel, res$date[k], "mean_AR", res$mean[k])
            add(fn, wlabel, res$date[k], col, res[[col]][k])
            add(fn, wlabel, res$date[k], sub("_stat$", "_signif", col),
                NA)
            rows[[length(rows)]]$value <- as.character(res[[sub("_stat$", "_signif", col)]][k])
        }
    }
    for (fn in names(daily_nonparam)) {
        res <- suppressMessages(get(fn)(securities_returns, ev_start, ev_end))
        col <- daily_nonparam[[fn]]
        stopifnot(isTRUE(all.equal(res[[col]],
                                   npt[[col]][match(res$date, npt$date)],
                                   tolerance = 0)))
        for (k in seq_len(nrow(res))) {
            add(fn, wlabel, res$date[k], "percentage", res$percentage[k])
            add(fn, wlabel, res$date[k], col, res[[col]][k])
            add(fn, wlabel, res$date[k], sub("_stat$", "_signif", col), NA)
            rows[[length(rows)]]$value <- as.character(res[[sub("_stat$", "_signif", col)]][k])
        }
    }

    # cumulative (CAR) tests
    cp <- suppressMessages(car_parametric_tests(securities_returns, ev_start,
                                                ev_end, all = TRUE))
    cnp <- suppressMessages(car_nonparametric_tests(securities_returns,
                                                    ev_start, ev_end,
                                                    all = TRUE))
    for (k in seq_len(nrow(cp))) {
        fn <- as.character(cp$name[k])
        add(fn, wlabel, wlabel, "average_percentage", cp$average_percentage[k])
        add(fn, wlabel, wlabel, "car_mean", cp$car_mean[k])
        add(fn, wlabel, wlabel, "statistic", cp$statistic[k])
        add(fn, wlabel, wlabel, "number_of_days", cp$number_of_days[k])
        add(fn, wlabel, wlabel, "significance", NA)
        rows[[length(rows)]]$value <- as.character(cp$significance[k])
    }
    for (k in seq_len(nrow(cnp))) {
        fn <- as.character(cnp$name[k])
        add(fn, wlabel, wlabel, "average_percentage", cnp$average_percentage[k])
        add(fn, wlabel, wlabel, "statistic", cnp$statistic[k])
        add(fn, wlabel, wlabel, "number_of_days", cnp$number_of_days[k])
        add(fn, wlabel, wlabel, "significance", NA)
        rows[[length(rows)]]$value <- as.character(cnp$significance[k])
    }
}

out <- do.call(rbind, rows)
write.csv(out, file.path(oracle_dir, "estudy2_output.csv"), row.names = FALSE,
          quote = TRUE)

# ---- auxiliary: per-firm market-model output (helps matching ARs first) ----
aux <- do.call(rbind, lapply(seq_along(securities_returns), function(i) {
    r <- securities_returns[[i]]
    est <- r$abnormal[index(r$abnormal) >= estimation_start &
                      index(r$abnormal) <= estimation_end]
    data.frame(subject_id = firm_ids[i],
               alpha = fmt(r$coefficients["alpha"]),
               beta = fmt(r$coefficients["beta"]),
               estimation_length = r$estimation_length,
               sd_est_AR_ddof1 = fmt(sd(coredata(est))),
               AR_2020_03_19 = fmt(coredata(r$abnormal[as.Date("2020-03-19")])),
               AR_2020_03_20 = fmt(coredata(r$abnormal[as.Date("2020-03-20")])),
               AR_2020_03_23 = fmt(coredata(r$abnormal[as.Date("2020-03-23")])),
               stringsAsFactors = FALSE)
}))
write.csv(aux, file.path(oracle_dir, "estudy2_market_model_by_firm.csv"),
          row.names = FALSE)

cat("R:", R.version.string, "\n")
cat("zoo:", as.character(packageVersion("zoo")), "\n")
cat("matrixStats:", as.character(packageVersion("matrixStats")), "\n")
cat("rows written:", nrow(out), "\n")
