package io.metricsstreamer.testing;

import java.time.Instant;

/**
 * Line protocol as the load tools write it: JMeter's backend listener (JMeter 5.6's
 * {@code InfluxdbBackendListenerClient} through its {@code HttpMetricsSender}) and k6's InfluxDB output (its v1
 * output: the metric's name as the measurement, the sample's tags sorted, {@code vu}, {@code iter} and {@code url}
 * moved from tags to fields beside {@code value}, fields sorted).
 */
public final class LoadToolSamples {
    private LoadToolSamples() {
    }

    /** Nanoseconds since the epoch of {@code at}, as both tools write timestamps. */
    public static String ns(Instant at) {
        return at.getEpochSecond() + String.format("%09d", at.getNano());
    }

    /** JMeter's first request of a test at {@code at}: the start annotation and the threads line. */
    public static String jmeterStart(Instant at) {
        return "events,application=shop,title=ApacheJMeter text=\"checkout test started\" " + ns(at) + "\n"
                + "jmeter,application=shop,transaction=internal minAT=0,maxAT=0,meanAT=0,startedT=0,endedT=0 "
                + ns(at) + "\n";
    }

    /**
     * One of JMeter's windows, written at {@code at}: 50 samples of application {@code shop}, 5 failed; transactions
     * {@code login} (20, none failed) and {@code checkout} (30, 5 failed); 10 threads.
     */
    public static String jmeterWindow(Instant at) {
        String ts = " " + ns(at) + "\n";
        return "jmeter,application=shop,transaction=all,statut=all count=50,countError=5,avg=80.5,min=12.0,"
                + "max=950.0,hit=50,sb=5000,rb=1250000,pct99.0=900.0,pct95.0=400.0,pct90.0=200.0" + ts
                + "jmeter,application=shop,transaction=login,statut=all count=20,avg=60.0,min=12.0,max=300.0,hit=50,"
                + "sb=2000,rb=500000,pct99.0=290.0,pct95.0=250.0,pct90.0=200.0" + ts
                + "jmeter,application=shop,transaction=login,statut=ok count=20,avg=60.0,min=12.0,max=300.0,hit=50,"
                + "sb=2000,rb=500000,pct99.0=290.0,pct95.0=250.0,pct90.0=200.0" + ts
                + "jmeter,application=shop,transaction=checkout,statut=all count=30,avg=94.0,min=20.0,max=950.0,"
                + "hit=50,sb=3000,rb=750000,pct99.0=940.0,pct95.0=600.0,pct90.0=300.0" + ts
                + "jmeter,application=shop,transaction=checkout,statut=ok count=25,avg=90.0,min=20.0,max=500.0,"
                + "hit=50,sb=3000,rb=750000,pct99.0=490.0,pct95.0=450.0,pct90.0=300.0" + ts
                + "jmeter,application=shop,transaction=checkout,statut=ko count=5,avg=114.0,min=30.0,max=950.0,"
                + "hit=50,sb=3000,rb=750000,pct99.0=950.0,pct95.0=950.0,pct90.0=950.0" + ts
                + "jmeter,application=shop,transaction=checkout,responseCode=500,responseMessage=Server\\ Error "
                + "count=5" + ts
                + "jmeter,application=shop,transaction=internal minAT=10,maxAT=10,meanAT=10,startedT=10,endedT=0" + ts;
    }

    /** The points k6 writes for one HTTP request at {@code at} to {@code url} that took {@code ms}. */
    public static String k6Request(Instant at, String url, double ms, boolean failed) {
        String tags = ",expected_response=" + !failed + ",method=GET,name=" + url
                + ",proto=HTTP/1.1,scenario=default,status=" + (failed ? 500 : 200) + ",tls_version=tls1.3";
        String fields = "iter=0i,url=\"" + url + "\",";
        String ts = " " + ns(at) + "\n";
        return "http_reqs" + tags + " " + fields + "value=1,vu=1i" + ts
                + "http_req_duration" + tags + " " + fields + "value=" + ms + ",vu=1i" + ts
                + "http_req_waiting" + tags + " " + fields + "value=" + (ms * 0.9) + ",vu=1i" + ts
                + "http_req_failed" + tags + " " + fields + "value=" + (failed ? 1 : 0) + ",vu=1i" + ts;
    }
}
