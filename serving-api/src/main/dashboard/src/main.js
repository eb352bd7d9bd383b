import * as echarts from 'echarts'; console.log(echarts.version);
